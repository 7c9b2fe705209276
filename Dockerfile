# Berth: the Next.js standalone server on a small Node image.
# Build: docker build -t berth .   Run: docker run -p 3000:3000 -e AWS_REGION=eu-west-1 berth
# Credentials come from the standard chain at run time (task role, AWS_PROFILE with a mounted
# ~/.aws, or env); nothing secret is baked in.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
RUN groupadd --system --gid 1001 berth && useradd --system --uid 1001 --gid berth berth
COPY --from=build --chown=berth:berth /app/.next/standalone ./
COPY --from=build --chown=berth:berth /app/.next/static ./.next/static
COPY --from=build --chown=berth:berth /app/public ./public
COPY --from=build --chown=berth:berth /app/scripts/peer-address.cjs ./peer-address.cjs
COPY --from=build --chown=berth:berth /app/scripts/malformed-path.cjs ./malformed-path.cjs
USER berth
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# peer-address.cjs records each request's socket address, so X-Forwarded-For is believed only
# from BERTH_TRUSTED_PROXIES; malformed-path.cjs answers a path Next cannot decode with a 400.
# Set BERTH_PUBLIC_URL to the name people reach Berth by.
CMD ["node", "--require", "./peer-address.cjs", "--require", "./malformed-path.cjs", "server.js"]
