# syntax=docker/dockerfile:1.7
# imagepipe: build with the Maven wrapper, run on a slim Debian JRE (Debian so that the system codec
# libraries the service can use, such as libjpeg-turbo's libturbojpeg, come from apt).
#   docker build -t imagepipe .
#   docker run --read-only --tmpfs /tmp -e IMAGEPIPE_QUEUE_URL=... imagepipe

ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Dependencies first, in their own cached layer: a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# The README's package command. Its class-data sharing archives would be for this stage's JDK, not the
# runtime's: the runtime stage makes its own.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q package -DskipTests -Dimagepipe.cds.skip=true

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="imagepipe" \
      org.opencontainers.image.description="Turns every image uploaded to an S3 bucket into resized renditions" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/imagepipe/imagepipe" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
# libturbojpeg0: the system libjpeg-turbo the JPEG codec path loads through JNA.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates libturbojpeg0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 imagepipe \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin imagepipe
COPY --from=build --chown=0:0 /src/target/imagepipe.jar /opt/imagepipe/imagepipe.jar
# The class-data sharing archive of the service's classes, made by this image's own JVM (an archive only
# works with the JVM that made it): a training run of local mode with one upload (about 30 s). It halves
# the CPU that serve spends before it is ready (README, "Start-up"). No archive, no harm: the JVM starts
# without one (-Xshare:auto).
RUN java -cp /opt/imagepipe/imagepipe.jar io.imagepipe.ArchiveTraining service /opt/imagepipe/imagepipe-service.jsa
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /tmp
# The heap follows the container's memory limit; /tmp is the only place written (mount it writable
# when the root filesystem is read-only). Two malloc arenas keep native memory (libjpeg-turbo's
# buffers, Netty) from spreading over glibc's per-thread arenas; with the flags above and a 160 MB heap,
# serve peaked at 341 MB RSS on 20 MP photos with 2 workers (bench/RESULTS.md, "Service path").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -Xss512k -Djava.io.tmpdir=/tmp -XX:SharedArchiveFile=/opt/imagepipe/imagepipe-service.jsa" \
    IMAGEPIPE_HTTP_PORT=8080 \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
# java runs as PID 1 and receives SIGTERM itself: the service drains on it.
ENTRYPOINT ["java", "-jar", "/opt/imagepipe/imagepipe.jar"]
CMD ["serve"]
