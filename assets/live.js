/* Live data: every tick asks /api/v1/version; a new version makes the router render the page again in
   place. When the server cannot be reached, a stale marker shows until it answers again; when it answers 401
   (the session ended), the page goes to the sign-in page and comes back after it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  cockpit: {
    checkVersion: async function (_tick, rendered) {
      const noUpdate = window.dash_clientside.no_update;
      const english = new URLSearchParams(window.location.search).get("lang") === "en";
      const clock = new Date().toLocaleTimeString("th-TH", { timeZone: "Asia/Bangkok", hour12: false });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 2500);
      try {
        const response = await fetch("/api/v1/version", { cache: "no-store", signal: controller.signal });
        if (response.status === 401) {
          // The session ended (expired, signed out elsewhere, a screen's link revoked): sign in again, then back.
          window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
          return [noUpdate, noUpdate, noUpdate];
        }
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        const live = english ? `● Live · checked ${clock}` : `● ข้อมูลสด · ตรวจสอบ ${clock} น.`;
        const changed = rendered !== null && rendered !== undefined && data.version !== rendered;
        return [changed ? data.version : noUpdate, live, "connection connection-live"];
      } catch (error) {
        const stale = english
          ? `⚠ Server unreachable — figures may be out of date (tried ${clock})`
          : `⚠ ติดต่อเซิร์ฟเวอร์ไม่ได้ — ข้อมูลอาจไม่เป็นปัจจุบัน (ลองล่าสุด ${clock} น.)`;
        return [noUpdate, stale, "connection connection-stale"];
      } finally {
        clearTimeout(timer);
      }
    },
  },
});
