# syntax=docker/dockerfile:1
# Conduit: one image for every role (CONDUIT_ROLE=api | worker | all).
#   docker build -t conduit .
# The API serves the built admin console, so the image carries apps/admin/dist too.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------- build: full install, compile every project ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    CI=true
# Manifests first so the install layer is reused until a dependency changes.
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/admin/package.json apps/admin/
COPY libs/shared/package.json libs/shared/
COPY libs/engine/package.json libs/engine/
COPY tools/package.json tools/
# npm install (not npm ci): the lock file lists @swc/core's native builds only for the platforms
# the registry served when it was written, which npm 11's `ci` treats as out of sync. It still
# installs the locked versions.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# ---------- deps: production dependencies only ----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/admin/package.json apps/admin/
COPY libs/shared/package.json libs/shared/
COPY libs/engine/package.json libs/engine/
COPY tools/package.json tools/
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

# ---------- runtime ----------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CONDUIT_ROLE=all \
    PORT=4000 \
    CONDUIT_DATA_DIR=/app/.data
WORKDIR /app
# node_modules holds the workspace links (@conduit/shared -> libs/shared, …): the linked
# folders below must sit at the same paths.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/package.json ./package.json
COPY --from=build /app/libs/shared/package.json libs/shared/package.json
COPY --from=build /app/libs/shared/dist libs/shared/dist
COPY --from=build /app/libs/engine/package.json libs/engine/package.json
COPY --from=build /app/libs/engine/dist libs/engine/dist
COPY --from=build /app/apps/api/package.json apps/api/package.json
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/admin/package.json apps/admin/package.json
COPY --from=build /app/apps/admin/dist apps/admin/dist
# The image's built-in unprivileged user; it owns only the data directory.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
CMD ["node", "apps/api/dist/main.js"]
