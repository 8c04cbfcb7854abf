// bots.test.ts: isBot against crawler-user-agents and real browsers; automation signals on window-like objects.
import { test, expect } from '@playwright/test';
import crawlers from 'crawler-user-agents';
import UserAgent from 'user-agents';
import { isBot, automationSignals } from '../../src/bots.js';
import { isCrawler } from '../../src/crawler.js';

/** Crawler instances isBot lets through on purpose: each is a person's browser. */
const EXPECTED_MISSES: Record<string, string> = {
  // Listed as "80legs" by an Android build id, but this is Instagram's in-app webview (IABMV) on a phone: a person.
  'Mozilla/5.0 (Linux; Android 15; CPH2557 Build/AP3A.240617.008; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/142.0.7444.142 Mobile Safari/537.36 Instagram 406.0.0.58.159 Android (35/15; 480dpi; 1080x2400; OPPO; CPH2557; OP573DL1; mt6833; en_MY; 822918295; IABMV/1) NV/1':
    'Instagram in-app browser',
  // Meta's in-app browser (IAB) in a phone webview, not the preview fetcher (that is facebookexternalhit).
  'Mozilla/5.0 (Linux; Android 16; Pixel 10 Pro XL Build/CP1A.260305.018; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/146.0.7680.174 Mobile Safari/537.36 MetaIAB Facebook':
    'Facebook in-app browser',
  // Fluid.app turns a site into a Mac app that a person browses with; nothing fetches on its own.
  'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_5_6; en-us) AppleWebKit/528.16 (KHTML, like Gecko) Fluid/0.9.6 Safari/528.16':
    'Fluid site-specific browser',
};

/** Real browsers isBot flags anyway, with the reason; none today. */
const EXPECTED_FALSE_POSITIVES: Record<string, string> = {};

test('isBot catches at least 99% of crawler-user-agents, missing only the listed people', () => {
  const instances = crawlers.flatMap((c) => c.instances);
  const misses = instances.filter((ua) => !isBot(ua));
  const recall = 1 - misses.length / instances.length;
  console.log(`isBot recall: ${(recall * 100).toFixed(2)}% of ${instances.length} crawler instances (${misses.length} misses)`);
  expect(misses.sort()).toEqual(Object.keys(EXPECTED_MISSES).sort());
  expect(recall).toBeGreaterThanOrEqual(0.99);
});

test('isBot flags none of the real browsers in user-agents', () => {
  const browsers = UserAgent.top().map((u) => u.userAgent);
  const flagged = browsers.filter((ua) => isBot(ua));
  console.log(`isBot false positives: ${flagged.length} of ${browsers.length} real browser user agents`);
  expect(browsers.length).toBeGreaterThanOrEqual(5000);
  expect(flagged.sort()).toEqual(Object.keys(EXPECTED_FALSE_POSITIVES).sort());
});

test('in-app browsers of social apps are people', () => {
  const inApp = [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]',
    'Mozilla/5.0 (Linux; Android 13; SM-S908B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/442.0.0.34.109;]',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/436.0.0.36.108;FBBV/541000000;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 309.1.1.28.108 (iPhone14,5; iOS 17_1; en_US; en; scale=3.00; 1170x2532; 537288532)',
    'Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36 Instagram 309.0.0.40.113 Android (34/14; 450dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_GB; 541635890) IABMV/1',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Threads 309.0.0.40.113 Android',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.16.0',
    'Mozilla/5.0 (Linux; Android 12; SM-G991N Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile Safari/537.36 Line/13.10.1/IAB',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_30.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en-US isDarkMode/0 WKWebView/1 RevealType/Dialog BytedanceWebview/d8a21c6',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.50.0.34 (like Safari/8616.1.19, panda)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.9',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 LinkedInApp/9.29.6580',
    'Mozilla/5.0 (Linux; Android 13; SM-G998B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.114 Mobile Safari/537.36 [Pinterest/Android]',
    'Mozilla/5.0 (Linux; Android 13; SM-S918N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.163 Mobile Safari/537.36;KAKAOTALK 2410350',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 1010; 12.0.8; 14PRO)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/290.0.580785555 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.163 Mobile Safari/537.36 Telegram-Android/10.2.9 (Google Pixel 7; Android 14; SDK 34; HIGH)',
    'Mozilla/5.0 (Linux; Android 12; SM-A325F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 WhatsApp/2.23.24.76',
    'Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.43 Mobile Safari/537.36 Reddit/Version 2023.47.0/Build 1347089/Android 10',
    'Mozilla/5.0 (Linux; Android 11; RMX2193 Build/RP1A.200720.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.111 Mobile Safari/537.36 VKAndroidApp/8.52-16142 (Android 11; SDK 30; arm64-v8a; realme RMX2193; ru; 1600x720)',
  ];
  expect(inApp.filter((ua) => isBot(ua))).toEqual([]);
});

test('link-preview fetchers are bots', () => {
  const fetchers = [
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)',
    'Twitterbot/1.0',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'Slack-ImgProxy (+https://api.slack.com/robots)',
    'WhatsApp/2.23.20.0 A',
    'WhatsApp/2.2343.4 W',
    'TelegramBot (like TwitterBot)',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    'Pinterestbot/1.0',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  ];
  expect(fetchers.filter((ua) => !isBot(ua))).toEqual([]);
});

// isCrawler is what both script-tag builds and the collector ask (isbot's full pattern + EXTRA).
test('the script tag and the collector catch at least 98% of crawler-user-agents', () => {
  const instances = crawlers.flatMap((c) => c.instances);
  const misses = instances.filter((ua) => !isCrawler(ua));
  const recall = 1 - misses.length / instances.length;
  console.log(`isCrawler recall: ${(recall * 100).toFixed(2)}% of ${instances.length} crawler instances (${misses.length} misses)`);
  expect(recall).toBeGreaterThanOrEqual(0.98);
});

test('the script tag and the collector flag none of 10,000 real browser user agents', () => {
  const browsers = UserAgent.top(10000).map((u) => u.userAgent);
  expect(browsers.length).toBe(10000);
  expect(browsers.filter((ua) => isCrawler(ua))).toEqual([]);
});

test("Google's crawlers that run JavaScript are crawlers", () => {
  const google = [
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 (compatible; Google-InspectionTool/1.0;)',
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 (compatible; Mediapartners-Google/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; GoogleOther)',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/142.0.0.0 Safari/537.36',
  ];
  expect(google.filter((ua) => !isCrawler(ua))).toEqual([]);
});

test('a headless browser is left to the automation rules, so its lead is still sent', () => {
  const ua = chrome.replace('Chrome/', 'HeadlessChrome/');
  expect(isBot(ua)).toBe(true);
  expect(isCrawler(ua)).toBe(false);
  expect(isCrawler(ua + ' (compatible; Googlebot/2.1)')).toBe(true);
});

test('a missing or empty user agent is not a bot', () => {
  expect([isBot(''), isBot(null), isBot(undefined)]).toEqual([false, false, false]);
});

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const windowLike = (extra: object = {}, nav: object = {}, doc: object = {}) => ({
  navigator: { userAgent: chrome, webdriver: false, ...nav },
  document: { title: 'Listing', ...doc },
  ...extra,
});

test('a plain window has no automation signals', () => {
  expect(automationSignals(windowLike())).toEqual([]);
});

test('navigator.webdriver is a webdriver signal', () => {
  expect(automationSignals(windowLike({}, { webdriver: true }))).toEqual(['webdriver']);
});

test('a headless user agent is a headless signal', () => {
  const ua = chrome.replace('Chrome/', 'HeadlessChrome/');
  expect(automationSignals(windowLike({}, { userAgent: ua }))).toEqual(['headless']);
});

test('PhantomJS globals are a phantom signal', () => {
  expect(automationSignals(windowLike({ callPhantom: () => 0 }))).toEqual(['phantom']);
  expect(automationSignals(windowLike({ _phantom: {} }))).toEqual(['phantom']);
});

test('the Phantom wallet global alone is not a signal', () => {
  expect(automationSignals(windowLike({ phantom: { solana: {} } }))).toEqual([]);
});

test('Nightmare globals are a nightmare signal', () => {
  expect(automationSignals(windowLike({ __nightmare: {} }))).toEqual(['nightmare']);
});

test('Selenium globals and ChromeDriver keys are a selenium signal', () => {
  expect(automationSignals(windowLike({ _Selenium_IDE_Recorder: {} }))).toEqual(['selenium']);
  expect(automationSignals(windowLike({}, {}, { __webdriver_evaluate: 1 }))).toEqual(['selenium']);
  expect(automationSignals(windowLike({}, {}, { $cdc_asdjflasutopfhvcZLmcfl_: {} }))).toEqual(['selenium']);
  expect(automationSignals(windowLike({ cdc_adoQpoasnfa76pfcZLmcfl_Array: Array }))).toEqual(['selenium']);
});

test('Cypress and Playwright globals are signals', () => {
  expect(automationSignals(windowLike({ Cypress: {} }))).toEqual(['cypress']);
  expect(automationSignals(windowLike({ __playwright__binding__: {} }))).toEqual(['playwright']);
});

test('several signals are all reported', () => {
  const w = windowLike({ __nightmare: {}, _selenium: {} }, { webdriver: true, userAgent: 'PhantomJS/2.1' });
  expect(automationSignals(w)).toEqual(['webdriver', 'headless', 'nightmare', 'selenium']);
});

test('automationSignals works without a document or a navigator', () => {
  expect(automationSignals({})).toEqual([]);
  expect(automationSignals({ callPhantom: 1 })).toEqual(['phantom']);
  expect(automationSignals(undefined)).toEqual(automationSignals(globalThis));
  expect(automationSignals(null)).toEqual([]);
});

test('automationSignals never throws on a hostile window', () => {
  const boom = () => {
    throw new Error('no');
  };
  const getters = Object.defineProperties({}, { navigator: { get: boom }, document: { get: boom } });
  const trap = new Proxy({}, { has: boom, get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
  const navTrap = { navigator: Object.defineProperty({}, 'webdriver', { get: boom }), document: trap };
  for (const w of [getters, trap, navTrap, 42, 'window'])
    expect(() => automationSignals(w)).not.toThrow();
  expect(automationSignals(getters)).toEqual([]);
});

test('automationSignals in Node finds nothing', () => {
  expect(automationSignals()).toEqual([]);
});
