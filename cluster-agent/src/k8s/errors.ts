/** An API server answer other than 2xx, or a transport failure (status 0). */
export class K8sApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "K8sApiError";
  }
}

export const isApiError = (e: unknown, status?: number): e is K8sApiError => e instanceof K8sApiError && (status === undefined || e.status === status);
export const isNotFound = (e: unknown): boolean => isApiError(e, 404);
export const isForbidden = (e: unknown): boolean => isApiError(e, 403);
