# One image, three programs: `omnia hooks` (default), `omnia facade`, `omnia runtime`.
# Build:  docker build -t ghcr.io/omnia-hooks/omnia:0.1.0 .

# --- build: full dependencies, compile TypeScript to dist/ ---
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled code only ---
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY --from=build /app/dist ./dist
# JSON Schemas read at run time (the PromptPack content schema) next to dist/,
# where the code finds them relative to its own location.
COPY schemas ./schemas
# Numeric, so Kubernetes can check runAsNonRoot without resolving a name
# (1000 is the image's `node` user).
USER 1000:1000
# hooks / facade, facade health, runtime health (the runtime's own API listens on loopback only)
EXPOSE 8080 8081 9001
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["hooks"]
