// Lighthouse CI (`make lighthouse`, run by ci/lighthouse.py): eight pages of every kind, served
// the production way, on Lighthouse's default mobile profile; every page must score at least
// 0.95 in each of the four categories. CHANCERY_LIGHTHOUSE_URL is the server ci/lighthouse.py
// starts.
const base = (process.env.CHANCERY_LIGHTHOUSE_URL || "http://127.0.0.1:8010").replace(/\/$/, "");

const pages = [
  "/", // home
  "/countries/", // every country
  "/in/russia/", // a host hub, with its map
  "/from/germany/", // a sender hub
  "/from/germany/in/russia/", // a pair page with missions, and who can help
  "/missions/embassy-of-belgium-in-russia/", // a mission with a phone number
  "/help/?nationality=germany&country=russia", // the help page with its answer
  "/advisories/", // travel advice
];

// CHANCERY_LIGHTHOUSE_SHARD="k/n": the k-th of n shares of the pages (ci/lighthouse.py runs the
// shares side by side, one browser each); all of them when unset. CHANCERY_LIGHTHOUSE_PAGES
// (paths, comma-separated) audits those pages only: ci/lighthouse.py audits again a page whose
// performance fell below the bar.
function shard(all) {
  const only = (process.env.CHANCERY_LIGHTHOUSE_PAGES || "").split(",").filter(Boolean);
  const chosen = only.length ? all.filter((path) => only.includes(path)) : all;
  const [k, n] = (process.env.CHANCERY_LIGHTHOUSE_SHARD || "0/1").split("/").map(Number);
  return chosen.filter((_, index) => index % n === k);
}

const atLeast = ["error", { minScore: 0.95 }];
// Performance is timed on the machine's clock: over several runs of a page
// (CHANCERY_LIGHTHOUSE_RUNS), the median run decides, not the luckiest.
const fastEnough = ["error", { minScore: 0.95, aggregationMethod: "median" }];
const categories = {
  "categories:performance": fastEnough,
  "categories:accessibility": atLeast,
  "categories:best-practices": atLeast,
  "categories:seo": atLeast,
};
// A help answer is one visitor's question: it asks search engines not to list it (noindex),
// which Lighthouse's SEO score counts against it. Every other SEO audit must pass there.
const answer = "/help/\\?";
const seoButCrawlable = Object.fromEntries(
  [
    "document-title",
    "meta-description",
    "http-status-code",
    "link-text",
    "crawlable-anchors",
    "robots-txt",
    "image-alt",
    "hreflang",
    "canonical",
  ].map((audit) => [audit, "error"]),
);

module.exports = {
  ci: {
    collect: {
      url: shard(pages).map((path) => base + path),
      numberOfRuns: Number(process.env.CHANCERY_LIGHTHOUSE_RUNS || 1),
      chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
      settings: {
        chromeFlags: "--headless=new --no-sandbox",
      },
    },
    assert: {
      assertMatrix: [
        { matchingUrlPattern: `^(?!.*${answer})`, assertions: categories },
        {
          matchingUrlPattern: answer,
          assertions: { ...categories, "categories:seo": "off", ...seoButCrawlable },
        },
      ],
    },
  },
};
