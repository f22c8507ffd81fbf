{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "imagepipe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "imagepipe.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "imagepipe.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "imagepipe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "imagepipe.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "imagepipe.labels" -}}
helm.sh/chart: {{ include "imagepipe.chart" . }}
{{ include "imagepipe.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: imagepipe
{{- end }}

{{- define "imagepipe.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "imagepipe.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "imagepipe.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Messages one pod holds at once: IMAGEPIPE_MAX_INFLIGHT, else the service's default of 2 x workers. */}}
{{- define "imagepipe.inflightCapacity" -}}
{{- if kindIs "invalid" .Values.config.maxInflight }}
{{- mul 2 (int .Values.config.workers) }}
{{- else }}
{{- int .Values.config.maxInflight }}
{{- end }}
{{- end }}

{{- define "imagepipe.queueLength" -}}
{{- if kindIs "invalid" .Values.autoscaling.keda.queueLength }}
{{- include "imagepipe.inflightCapacity" . }}
{{- else }}
{{- int .Values.autoscaling.keda.queueLength }}
{{- end }}
{{- end }}

{{/*
The pod's grace period: the service's drain time plus room for the JVM to exit. A pod killed before
it drained leaves its messages invisible until their visibility timeout ends, so that timeout must
outlast both, or a message could be taken by a second pod while the first still works on it.
*/}}
{{- define "imagepipe.terminationGracePeriodSeconds" -}}
{{- $grace := int .Values.config.shutdownGraceSeconds }}
{{- $period := 0 }}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds }}
{{- $period = add $grace 15 }}
{{- else }}
{{- $period = int .Values.terminationGracePeriodSeconds }}
{{- end }}
{{- if le $period $grace }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be above config.shutdownGraceSeconds (%d): Kubernetes would kill the pod while it drains" $period $grace) }}
{{- end }}
{{- $visibility := int .Values.config.visibilityTimeoutSeconds }}
{{- if le $visibility $period }}
{{- fail (printf "config.visibilityTimeoutSeconds (%d) must be above terminationGracePeriodSeconds (%d) and config.shutdownGraceSeconds (%d): a message of a pod still draining would be handed to another pod; raise it (and the queue's VisibilityTimeout in deploy/cloudformation.yaml)" $visibility $period $grace) }}
{{- end }}
{{- $period }}
{{- end }}

{{/* IMAGEPIPE_FOO_BAR from config.fooBar. */}}
{{- define "imagepipe.envName" -}}
{{- printf "IMAGEPIPE_%s" (regexReplaceAll "([a-z0-9])([A-Z])" . "${1}_${2}" | upper) }}
{{- end }}

{{/* Label selector of this release's metrics in PromQL. */}}
{{- define "imagepipe.promSelector" -}}
namespace="{{ .Release.Namespace }}", service="{{ include "imagepipe.fullname" . }}"
{{- end }}
