# syntax=docker/dockerfile:1
# The image of every service: one Dockerfile, the service named by ARG SERVICE (deploy/README.md).
# One image, two processes; the build context is the repository root.
#   docker build --build-arg SERVICE=orders -t packfinderz/orders .
#   API (default CMD): uvicorn --factory pf_<SERVICE>.app:create_app on 8000 (UVICORN_APP).
#   Worker: python -m pf_<SERVICE>.worker (metrics on 9100).
# SYNC_PACKAGES (default "--package pf-<SERVICE>") chooses the workspace packages installed;
# --all-packages installs every service: the migrations image, which runs
# python -m pf_common.migrations_cli ... (docker-compose.yml, deploy/k8s):
#   docker build --build-arg SERVICE=identity --build-arg SYNC_PACKAGES=--all-packages -t packfinderz/migrate .
# deploy/k8s/generate.py images prints the build command of every image.

FROM python:3.11-slim AS builder
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
ARG SERVICE
ARG SYNC_PACKAGES
# The workspace manifests first: the dependency layer is rebuilt only when one of them changes.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/
COPY services/identity/pyproject.toml services/identity/
COPY services/media/pyproject.toml services/media/
COPY services/catalog/pyproject.toml services/catalog/
COPY services/orders/pyproject.toml services/orders/
COPY services/logistics/pyproject.toml services/logistics/
COPY services/finance/pyproject.toml services/finance/
COPY services/ads/pyproject.toml services/ads/
COPY services/analytics/pyproject.toml services/analytics/
RUN test -n "$SERVICE" && test -f "services/$SERVICE/pyproject.toml" \
 || { echo "build with --build-arg SERVICE=<one of: $(ls services | tr '\n' ' ')>" >&2; exit 1; }
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace ${SYNC_PACKAGES:---package pf-$SERVICE}
# Then the code. The workspace packages stay in place (not copied into site-packages) because
# pf_common.migrations_cli finds alembic.ini and migrations/ beside each service's package.
COPY libs/common libs/common
COPY services services
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev ${SYNC_PACKAGES:---package pf-$SERVICE} \
 && python -m compileall -q libs services

FROM python:3.11-slim
ARG SERVICE
LABEL org.opencontainers.image.title="pf-${SERVICE}"
# /pf/keys: docker compose mounts the shared dev-keys volume there (a new volume takes this owner).
RUN groupadd --system --gid 10001 pf \
 && useradd --system --uid 10001 --gid pf --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pf \
 && install -d -o 10001 -g 10001 /pf/keys
COPY --from=builder /app /app
WORKDIR /app
# uvicorn reads its APP argument from UVICORN_APP: the CMD stays exec form, the same for all.
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 UVICORN_APP=pf_${SERVICE}.app:create_app
USER 10001:10001
EXPOSE 8000 9100
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=3)"]
CMD ["uvicorn", "--factory", "--host", "0.0.0.0", "--port", "8000"]
