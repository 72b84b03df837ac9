/**
 * Starts what the browser tests talk to, once per run: localstripe (a fake Stripe API and Stripe.js, from the
 * project's .venv, in a private temporary working directory), Django (runserver, e2e settings, a fresh SQLite
 * database migrated and seeded with demo data, email written to files, Stripe pointed at localstripe, whose
 * webhooks it receives) and the BUILT frontend (`next start`, Stripe.js from localstripe), each on a
 * free port and in its own process group, which the returned teardown kills (a killed `next start` would
 * otherwise leave its `next-server` child holding the port).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = path.resolve(frontendDir, "..");

const STRIPE_SECRET_KEY = "sk_test_steward_e2e";
const STRIPE_WEBHOOK_SECRET = "whsec_steward_e2e";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, label: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}; see its log under var/e2e/`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${label} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: string }): ChildProcess {
  const out = openSync(options.log, "a");
  // detached: a process group of its own, so the teardown can end it with all its children.
  return spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", out, out] });
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(frontendDir, ".next", "BUILD_ID"))) {
    throw new Error("Build the frontend first: npm run build (make frontend-e2e does both).");
  }
  const workDir = path.join(repoDir, "var", "e2e");
  rmSync(workDir, { recursive: true, force: true });
  const mailDir = path.join(workDir, "mail");
  mkdirSync(mailDir, { recursive: true });

  const [djangoPort, frontendPort, stripePort] = [await freePort(), await freePort(), await freePort()];
  const frontendUrl = `http://127.0.0.1:${frontendPort}`;
  const djangoUrl = `http://127.0.0.1:${djangoPort}`;
  const stripeUrl = `http://127.0.0.1:${stripePort}`;
  const python = path.join(repoDir, ".venv", "bin", "python");
  const djangoEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DJANGO_SETTINGS_MODULE: "steward.site.settings.e2e",
    DATABASE_URL: `sqlite:///${path.join(workDir, "steward.sqlite3")}`,
    MEDIA_ROOT: path.join(workDir, "media"),
    E2E_MAIL_DIR: mailDir,
    FRONTEND_URL: frontendUrl,
    WAGTAILADMIN_BASE_URL: djangoUrl,
    CELERY_BROKER_URL: "",
    PYTHONUNBUFFERED: "1",
    STRIPE_API_BASE: stripeUrl,
    STRIPE_SECRET_KEY: STRIPE_SECRET_KEY,
    STRIPE_PUBLISHABLE_KEY: "pk_test_steward_e2e",
    STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET,
  };
  const manage = (...args: string[]) =>
    execFileSync(python, ["manage.py", ...args], { cwd: repoDir, env: djangoEnv, stdio: ["ignore", "ignore", "inherit"] });
  manage("migrate", "--noinput");
  manage("seed_demo", "--constituents", "50");

  // --from-scratch: never reload the pickle localstripe otherwise shares in /tmp with other instances; a private
  // cwd so nothing stray is imported or written beside the project.
  const stripeDir = mkdtempSync(path.join(tmpdir(), "steward-e2e-localstripe-"));
  const localstripe = start(path.join(repoDir, ".venv", "bin", "localstripe"), ["--from-scratch", "--port", String(stripePort)], {
    cwd: stripeDir,
    env: { ...process.env, PYTHONSAFEPATH: "1" },
    log: path.join(workDir, "localstripe.log"),
  });
  const django = start(python, ["manage.py", "runserver", `127.0.0.1:${djangoPort}`, "--noreload"], {
    cwd: repoDir,
    env: djangoEnv,
    log: path.join(workDir, "django.log"),
  });
  const next = start(path.join(frontendDir, "node_modules", ".bin", "next"), ["start", "-p", String(frontendPort), "-H", "127.0.0.1"], {
    cwd: frontendDir,
    env: {
      ...process.env,
      DJANGO_URL: djangoUrl,
      WAGTAILADMIN_BASE_URL: djangoUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      STRIPE_JS_URL: `${stripeUrl}/js.stripe.com/v3/`,
    },
    log: path.join(workDir, "next.log"),
  });
  const teardown = async () => {
    stop(next);
    stop(django);
    stop(localstripe);
    rmSync(stripeDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${stripeUrl}/js.stripe.com/v3/`, localstripe, "localstripe");
    // localstripe posts its (signed) events to Django's webhook, as Stripe would.
    const registered = await fetch(`${stripeUrl}/_config/webhooks/steward`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ url: `${djangoUrl}/stripe/webhook/`, secret: STRIPE_WEBHOOK_SECRET }),
    });
    if (!registered.ok) throw new Error(`localstripe refused the webhook: ${registered.status}`);
    await waitFor(`${djangoUrl}/healthz/`, django, "Django");
    await waitFor(`${frontendUrl}/graphql/?query=%7Bok%7D`, next, "next start");
  } catch (error) {
    await teardown();
    throw error;
  }
  // Read by the tests (workers inherit the environment globalSetup leaves).
  process.env.E2E_BASE_URL = frontendUrl;
  process.env.E2E_MAIL_DIR = mailDir;
  process.env.E2E_DJANGO_URL = djangoUrl;
  process.env.E2E_STRIPE_URL = stripeUrl;
  return teardown;
}
