{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label. */}}
{{- define "kubesleuth-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "kubesleuth-agent.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kubesleuth-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubesleuth-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubesleuth-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubesleuth-agent.labels" -}}
helm.sh/chart: {{ include "kubesleuth-agent.chart" . }}
{{ include "kubesleuth-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "kubesleuth-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kubesleuth-agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Read-only rules, from the one file the agent's tests also read (files/rbac-rules.yaml: a map with a `rules`
list of PolicyRules, or a bare list). Secrets are added only when rbac.secretMetadata opts in.
*/}}
{{- define "kubesleuth-agent.rules" -}}
{{- $raw := .Files.Get "files/rbac-rules.yaml" -}}
{{- $doc := fromYaml $raw -}}
{{- $rules := list -}}
{{- if hasKey $doc "rules" -}}
{{- $rules = get $doc "rules" -}}
{{- else -}}
{{- $rules = fromYamlArray $raw -}}
{{- end -}}
{{- if not $rules -}}
{{- fail "files/rbac-rules.yaml holds no rules" -}}
{{- end -}}
{{- toYaml $rules }}
{{- if .Values.rbac.secretMetadata }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
{{- end -}}
{{- end -}}
