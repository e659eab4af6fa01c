FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /workspace
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests \
 && java -Djarmode=layertools -jar target/app.jar extract --destination /layers

FROM eclipse-temurin:21-jre AS runtime
RUN groupadd --system app && useradd --system --gid app --uid 10001 app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/application/ ./
ADD config/application.yml /app/config/
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75" \
    SPRING_DATASOURCE_PASSWORD=Sup3r-S3cret-Passw0rd!
RUN chmod -R 777 /app/logs
USER app
EXPOSE 8080
HEALTHCHECK CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
