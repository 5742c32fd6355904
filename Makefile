# The kit's commands. On a fresh machine: `make run` (the workshop) or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
LAB_PORT ?= 8888
PORT ?= 8866
# Preheated kernels: POOL of them for the lesson a class is about to open (CLASS_LESSON),
# one for every other lesson. Each kernel takes about 43 MB (PSS, see make bench): POOL=30 is about 1.3 GB.
POOL ?= 1
CLASS_LESSON ?= 00_start_here.ipynb
VOILA_ARGS ?=
CHROMIUM ?= /usr/bin/chromium
# Not named NGINX: nginx reads that variable as sockets handed over to it.
NGINX_PROGRAM ?= $(CURDIR)/.tools/nginx/usr/sbin/nginx
export NGINX_PROGRAM
# The static site's build tools live in their own venv (requirements-site.txt).
SITE_VENV ?= .venv-site
SITE_BIN := $(SITE_VENV)/bin
PYTEST_ARGS ?=
# The kit's Voila page template (share/jupyter/voila/templates/career-kit), linked where
# the environment's Voila looks for templates: `make dashboards`, and `.venv/bin/voila`
# typed by hand, find it (without it every dashboard page fails with a server error).
TEMPLATE_LINK := $(VENV)/share/jupyter/voila/templates/career-kit

.PHONY: help run dashboards test check check-data lint install install-test chromium nginx clean bench soak site install-site npm compile

help:
	@echo "make run          open the workshop in JupyterLab"
	@echo "make test         install what the tests need (Chromium included) and run them all"
	@echo "make dashboards   serve the lessons as Voila dashboards (voila.json) on $(HOST):$(PORT)"
	@echo "                  for a class: make dashboards POOL=30 CLASS_LESSON=01_why_internships.ipynb"
	@echo "make check-data   check every data/*.csv file and report each problem"
	@echo "make check        pre-workshop check: packages, data, every lesson headless and in Voila"
	@echo "make site         build the static site in _site/ (Voici, Python in each browser; docs/serving-static.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Each install is marked done for what its files say, not for their dates: a checkout or
# a copy gives the files a new date, and the install run again offline (the night before
# a workshop) failed before anything else ran.
content_of = $(shell cat $(1) | sha256sum | cut -c1-16)
INSTALLED := $(VENV)/.installed-$(call content_of,requirements.txt pyproject.toml)
INSTALLED_TEST := $(VENV)/.installed-test-$(call content_of,requirements-test.txt requirements.txt pyproject.toml)
SITE_INSTALLED := $(SITE_VENV)/.installed-$(call content_of,requirements-site.txt)

$(INSTALLED): | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-[0-9a-f]*
	touch $@

$(INSTALLED_TEST): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	rm -f $(VENV)/.installed-test-*
	touch $@

$(TEMPLATE_LINK): | $(INSTALLED)
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR)/share/jupyter/voila/templates/career-kit $@

install: $(INSTALLED) $(TEMPLATE_LINK)
install-test: $(INSTALLED_TEST)

# Every kernel imports the kit: with its bytecode written once here, no kernel compiles
# it again (docs/serving.md has the time it saves). Written even where
# PYTHONDONTWRITEBYTECODE is set; a stale file is recompiled on import as usual.
compile: install
	$(BIN)/python -m compileall -q widgets

$(SITE_BIN)/python:
	$(PYTHON) -m venv $(SITE_VENV)
	$(SITE_BIN)/python -m pip install --quiet --upgrade pip

$(SITE_INSTALLED): | $(SITE_BIN)/python
	$(SITE_BIN)/python -m pip install --quiet -r requirements-site.txt
	rm -f $(SITE_VENV)/.installed-*
	touch $@

install-site: $(SITE_INSTALLED) npm

# npm fetches the Pyodide runtime and Font Awesome for the static site (Debian's npm if missing).
npm:
	@if ! command -v npm >/dev/null; then \
		echo "Installing npm for the static site build..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; \
	fi

# The static site in _site/ (skipped when it is current): see docs/serving-static.md.
site: install-site
	$(SITE_BIN)/python tools/build_site.py

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium for the browser tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@"$(CHROMIUM)" --version

# nginx for the test of docs/serving.md's reverse proxy: Debian's package unpacked into
# .tools/nginx (no service started, nothing installed on the system).
nginx:
	@if [ ! -x "$(NGINX_PROGRAM)" ]; then \
		echo "Fetching nginx into .tools/nginx for the reverse-proxy test..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && rm -rf .tools/nginx && mkdir -p .tools/nginx && \
		cd .tools/nginx && apt-get download -qq nginx && dpkg -x nginx_*.deb . && rm nginx_*.deb; \
	fi
	@"$(NGINX_PROGRAM)" -v

# JupyterLab will not start as root (a container, a CI machine) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# The kit's JupyterLab settings (share/jupyter/lab/settings/overrides.json): no question
# about fetching news and no update check, which a class would see on the projector.
run: install compile
	cd notebooks && ../$(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(LAB_PORT) $(ALLOW_ROOT) --LabApp.app_settings_dir=$(CURDIR)/share/jupyter/lab/settings 00_start_here.ipynb

dashboards: install compile
	$(BIN)/voila notebooks/ --Voila.ip=$(HOST) --port=$(PORT) --Voila.port_retries=0 --no-browser \
		'--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 1}, "$(CLASS_LESSON)": {"pool_size": $(POOL)}}' \
		$(VOILA_ARGS)

check-data: install
	$(BIN)/python -m widgets.data

# Pre-workshop check: one line per check with a fix for each problem; no internet needed.
check: install
	$(BIN)/python -m widgets.check

lint: install-test
	$(BIN)/ruff check .

test: install-test install-site chromium nginx compile
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --nbval-lax tests notebooks $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info

# Not a test: figures as ratios to a one-slider reference measured in the same run.
LOADS ?= 5
BURST ?= 20
bench: install-test chromium compile
	$(BIN)/python -m bench.run --loads $(LOADS) --burst $(BURST)

# Long-running: 300+ loads, bursts and closed tabs; not part of `make test`.
# ABANDONED: share of open pages left without the tab's goodbye (default 0.1; 1: the worst case).
ABANDONED ?=
soak: install-test chromium compile
	$(BIN)/python -m bench.soak $(if $(ABANDONED),--abandoned $(ABANDONED))
