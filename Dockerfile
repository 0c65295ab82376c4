# syntax=docker/dockerfile:1
# Build: docker build -t nomad-deployer .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Maven reads every module the root pom lists, so each module's pom must be here; only the service and what
# it depends on are built, so only their sources are. .ci/docker-build-context-check builds from exactly
# what this stage copies, so a module added to the reactor but not here fails CI instead of the image build.
COPY pom.xml ./
COPY testbed/pom.xml testbed/
COPY deployer/pom.xml deployer/
COPY bench/pom.xml bench/
COPY testbed/src testbed/src
COPY deployer/src deployer/src
RUN mvn -B -q -DskipTests -pl deployer -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 deployer \
 && useradd --system --uid 10001 --gid deployer --home-dir /var/lib/nomad-deployer --shell /usr/sbin/nologin deployer \
 && mkdir -p /var/lib/nomad-deployer /etc/nomad-deployer \
 && chown deployer:deployer /var/lib/nomad-deployer
COPY --from=build /src/deployer/target/nomad-deployer.jar /opt/nomad-deployer/nomad-deployer.jar
COPY config/deployer.example.yml /etc/nomad-deployer/deployer.yml
COPY config/jvm.options /opt/nomad-deployer/jvm.options
COPY config/cds-archive /opt/nomad-deployer/cds-archive
# One training start writes the class-data-sharing archive the ENTRYPOINT maps: the listener opens ~0.7 s sooner.
RUN /opt/nomad-deployer/cds-archive /opt/nomad-deployer/nomad-deployer.jar /opt/nomad-deployer/nomad-deployer.jsa
USER 10001:10001
WORKDIR /var/lib/nomad-deployer
# The store must outlive the container: mount a volume here.
VOLUME /var/lib/nomad-deployer
ENV DEPLOYER_STORE_PATH=/var/lib/nomad-deployer/nomad-deployer.db
# Two malloc arenas instead of one per core and thread: native memory the JVM does not account for (docs/memory.md).
ENV MALLOC_ARENA_MAX=2
EXPOSE 8000
# The JVM flags the launcher uses too (heap, GC, metaspace: docs/memory.md). Fixed sizes rather than a share of the
# container's limit, so resident memory is the same whatever limit the scheduler sets. To change them, mount another
# file over /opt/nomad-deployer/jvm.options (JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS come before it and lose).
ENTRYPOINT ["java", "@/opt/nomad-deployer/jvm.options", "-XX:SharedArchiveFile=/opt/nomad-deployer/nomad-deployer.jsa", "-jar", "/opt/nomad-deployer/nomad-deployer.jar"]
