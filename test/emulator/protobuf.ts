/**
 * Just enough Kubernetes protobuf to read a SelfSubjectAccessReview: kubectl `auth can-i` always posts protobuf
 * (`k8s\0` magic + runtime.Unknown envelope). Field numbers from k8s.io/api/authorization/v1/generated.proto.
 */

type Fields = Map<number, Buffer[]>;

function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0, shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error("truncated varint");
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

/** Length-delimited fields of one message (other wire types are skipped). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    let key: number;
    [key, pos] = varint(buf, pos);
    const num = Math.floor(key / 8), wire = key & 7;
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len: number;
      [len, pos] = varint(buf, pos);
      const list = out.get(num) ?? [];
      list.push(buf.subarray(pos, pos + len));
      out.set(num, list);
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const str = (f: Fields, n: number) => f.get(n)?.[0]?.toString("utf8") ?? "";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decode a protobuf SelfSubjectAccessReview into its JSON shape (spec only). */
export function decodeAccessReview(body: Buffer): { spec: Record<string, unknown> } {
  if (!body.subarray(0, 4).equals(MAGIC)) throw new Error("not a Kubernetes protobuf message");
  const unknown = fields(body.subarray(4));
  const raw = unknown.get(2)?.[0];
  if (!raw) throw new Error("empty protobuf envelope");
  const spec = fields(raw).get(2)?.[0];
  if (!spec) return { spec: {} };
  const s = fields(spec);
  const out: Record<string, unknown> = {};
  const ra = s.get(1)?.[0];
  if (ra) {
    const f = fields(ra);
    out.resourceAttributes = { namespace: str(f, 1), verb: str(f, 2), group: str(f, 3), version: str(f, 4), resource: str(f, 5), subresource: str(f, 6), name: str(f, 7) };
  }
  const nra = s.get(2)?.[0];
  if (nra) {
    const f = fields(nra);
    out.nonResourceAttributes = { path: str(f, 1), verb: str(f, 2) };
  }
  return { spec: out };
}
