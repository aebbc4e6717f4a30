# One image, three programs: `omnia hooks` (default), `omnia facade`, `omnia runtime`.
# Build:  docker build -t ghcr.io/omnia-hooks/omnia:0.1.0 .

# --- build: full dependencies, compile TypeScript to dist/ ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled code only ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY --from=build /app/dist ./dist
# JSON Schemas read at run time (the PromptPack content schema) next to dist/,
# where the code finds them relative to its own location.
COPY schemas ./schemas
# Numeric, so Kubernetes can check runAsNonRoot without resolving a name; the
# same uid the agent pods and the hook server run as (65532, "nonroot"). The
# app files belong to root, so this user can read but not change them; /tmp is
# the only place it writes (an emptyDir in the pods).
USER 65532:65532
# hooks / facade, facade health, runtime health (the runtime's own API listens on loopback only)
EXPOSE 8080 8081 9001
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["hooks"]
