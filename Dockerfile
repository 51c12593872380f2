# Build: a release binary of greenai.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin greenai

# Run: a slim image with the binary only; the database is a separate service.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/greenai --create-home greenai
COPY --from=build /src/target/release/greenai /usr/local/bin/greenai
USER greenai
ENV GREENAI_DATA_DIR=/var/lib/greenai BIND_ADDR=0.0.0.0:3000
EXPOSE 3000
ENTRYPOINT ["greenai"]
CMD ["serve"]
