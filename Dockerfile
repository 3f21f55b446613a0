# syntax=docker/dockerfile:1
# The hub's image: the jar that `./mvnw verify` built and tested, unpacked into Spring Boot's layers, the built-in
# config/ and routes/, on a JRE pinned by digest, run as a non-root user. Build from the repository root after the
# Maven build (k8s/README.md, "Build the image"):
#   ./mvnw -B verify && docker build -t payment-hub:0.1.0 .
# or ./mvnw -B package -Pimage, which runs the same build with the engine named by -Dimage.engine (docker, podman).

# Pin: replace the digest with the one of the JRE release you approved (the zeros cannot be pulled, so an unpinned
# build fails), or pass --build-arg JRE_IMAGE=<your registry mirror>/eclipse-temurin:17-jre-noble@sha256:<digest>.
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble@sha256:0000000000000000000000000000000000000000000000000000000000000000

FROM ${JRE_IMAGE} AS layers
WORKDIR /layers
COPY hub/target/payment-hub.jar payment-hub.jar
RUN java -Djarmode=tools -jar payment-hub.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 hub \
 && useradd --system --uid 10001 --gid hub --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hub
WORKDIR /app
# least to most often changed, so a release usually ships only the last layers
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY config/ config/
COPY routes/ routes/
COPY --from=layers /layers/extracted/application/ ./
# files stay owned by root: the hub reads them and cannot change them
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
EXPOSE 8080 8583
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
