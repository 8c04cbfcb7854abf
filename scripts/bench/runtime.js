// scripts/bench/runtime.js: the in-page side of `npm run bench` (window.__bench).
// All tracker calls run inside setTimeout tasks: work triggered straight from page.evaluate is
// booked by Chromium as a DevTools command and would be subtracted from the CPU figures.
(function () {
  var B = (window.__bench = {
    // The realistic ~13-key listing payload of ../shared/peer-bench (lib/page.js), a fresh object per call.
    props: function (i, tag) {
      var id = 100000 + ((i * 7919) % 900000);
      return {
        propertyId: 'prop_' + id,
        address: (100 + (i % 9800)) + ' Maple Avenue, Unit ' + ((i % 40) + 1) + ', Springfield, IL 62704',
        price: 250000 + ((i * 1237) % 900000),
        beds: 1 + (i % 6),
        baths: 1 + (i % 4) * 0.5,
        sqft: 600 + ((i * 37) % 4000),
        listingUrl: 'https://www.example-realty.com/listings/' + id + '/maple-avenue-springfield-il',
        listingStatus: 'active',
        currency: 'USD',
        source: 'search_results',
        position: i % 25,
        searchId: 'srch_' + tag,
        bench_id: 'bench:' + tag + ':' + i
      };
    },
    /** Resolves once the tracker replaced the stub. */
    ready: function () {
      return new Promise(function (resolve) {
        (function wait() {
          if (window.homing && window.homing.__homing === true) resolve(true);
          else setTimeout(wait, 5);
        })();
      });
    },
    /** fn() in its own task; resolves with what fn's promise (if any) resolves to. */
    inTask: function (fn) {
      return new Promise(function (resolve) {
        setTimeout(function () { Promise.resolve(fn()).then(resolve, function (e) { resolve({ error: String(e) }); }); }, 0);
      });
    },
    /**
     * n calls in one task, as a site would make them (the returned promises are not awaited).
     * With noop, the same loop builds the same payloads and calls an empty function: the baseline.
     */
    trackMany: function (n, tag, name, noop) {
      return new Promise(function (resolve) {
        setTimeout(function () {
          var track = noop ? function () {} : window.homing.track;
          var t0 = performance.now();
          for (var i = 0; i < n; i++) track(name, B.props(i, tag));
          resolve({ syncMs: performance.now() - t0 });
        }, 0);
      });
    },
    /**
     * The floor under "persisted": no tracker, the same payloads as JSON strings, one IndexedDB
     * record each, all in one transaction of a scratch database; wall ms until it completes.
     */
    rawPersist: function (n, tag) {
      return new Promise(function (resolve, reject) {
        var open = indexedDB.open('bench-floor-' + tag);
        open.onupgradeneeded = function () { open.result.createObjectStore('q'); };
        open.onerror = function () { reject(open.error); };
        open.onsuccess = function () {
          var db = open.result;
          setTimeout(function () {
            var t0 = performance.now();
            var tx = db.transaction('q', 'readwrite');
            var s = tx.objectStore('q');
            for (var i = 0; i < n; i++) {
              var k = '0' + (1e12 + i) + tag;
              s.put({ k: k, j: JSON.stringify({ event: 'property_view', properties: B.props(i, tag), messageId: k }) }, k);
            }
            tx.oncomplete = function () { db.close(); resolve({ ms: performance.now() - t0 }); };
            tx.onerror = function () { reject(tx.error); };
          }, 0);
        };
      });
    },
    /** n calls in one task; wall time from the first call until every promise has resolved. */
    persistMany: function (n, tag, name) {
      return new Promise(function (resolve) {
        setTimeout(function () {
          var ps = new Array(n);
          var t0 = performance.now();
          for (var i = 0; i < n; i++) ps[i] = window.homing.track(name, B.props(i, tag));
          var t1 = performance.now();
          Promise.all(ps).then(function (rs) {
            var t2 = performance.now();
            var ok = 0, errors = {};
            for (var j = 0; j < rs.length; j++) {
              if (rs[j] && rs[j].messageId) ok++;
              else {
                var c = (rs[j] && rs[j].error && rs[j].error.code) || 'unknown';
                errors[c] = (errors[c] || 0) + 1;
              }
            }
            resolve({ ms: t2 - t0, syncMs: t1 - t0, ok: ok, errors: errors });
          });
        }, 0);
      });
    }
  });
})();
