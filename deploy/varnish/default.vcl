vcl 4.1;
# Reference Varnish configuration for scn-wagtail (Debian's varnish package, Varnish 7.1).
# See deploy/varnish/README.md. The app decides what may be cached (its Cache-Control);
# this file adds the rules that must hold even if the app forgets: nothing private, nothing
# that sets a cookie, nothing for logged-in users, and purges only from the app servers.
# tests/home/test_varnish.py runs this file against the app; it rewrites only app1's .port
# and the purgers ACL, so keep those lines' shape.

import directors;
import std;

# The app servers (gunicorn). Add one block per server and one add_backend() line below.
probe app_alive {
    # Django answers only host names in ALLOWED_HOSTS, and redirects plain HTTP when
    # SECURE_SSL_REDIRECT is on: ask as a visitor would. Put your site's host name here.
    .request =
        "GET /robots.txt HTTP/1.1"
        "Host: www.example.org"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    # A freshly started Varnish assumes the app servers are up.
    .initial = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = app_alive;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# backend app2 {
#     .host = "10.0.0.12";
#     .port = "8000";
#     .probe = app_alive;
# }

# Who may send PURGE: every app server (Wagtail purges from the process that saved the change).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
    # app_servers.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app_servers.backend();
    unset req.http.x-cache;
    # Varnish's own Host check: lower case, and 400 without one.
    call vcl_req_host;

    # Wagtail's HTTP backend sends "PURGE <path>" with the site's Host. Ban that URL and
    # everything below it, so purging a site's root ("/") clears the whole site. The ban
    # tests only obj.* (x-host, x-url stored with each object), so the ban lurker can
    # clear matching objects in the background. The query string is dropped, so purging
    # /news/ also clears /news/?page=2; "." in a path matches any character, so a purge may
    # clear more than it names (Wagtail's paths hold no other regex characters).
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (std.ban("obj.http.x-host == " + req.http.host +
                    " && obj.http.x-url ~ ^" + regsub(req.url, "\?.*$", ""))) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }

    # Only GET and HEAD are cached; POSTs (the enquiry form, logins) go through with
    # their cookies intact.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The admin, accounts, the membership workflow and captchas are personal: never cached.
    if (req.url ~ "^/(admin|django-admin|account|membership|captcha)(/|$)") {
        return (pass);
    }

    # Logged-in users (session) and anyone with a pending message see their own page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }

    # Every other cookie (csrftoken, analytics) never changes a public page: drop them, so
    # all anonymous visitors share one copy. (The enquiry form, never stored, then gets no
    # CSRF cookie and sets a new one on each visit: of two tabs of the form opened one
    # after the other, only the later can be sent; the other gets the polite CSRF page.)
    unset req.http.Cookie;
    if (req.http.Authorization) {
        return (pass);
    }

    # Serve stale objects only while the app servers are down (every change purges, so a
    # stale object is one the app could no longer render).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # Behind a TLS proxy, http:// requests get the app's redirect to https://; keep the two
    # apart. Varnish's built-in hash (URL and Host) follows.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_pass {
    set req.http.x-cache = "PASS";
}

sub vcl_backend_fetch {
    unset bereq.http.x-cache;
}

sub vcl_backend_response {
    # Remembered with each object for the lurker-friendly bans above.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;

    # Up to a day of grace, used only while the app servers are down (see vcl_recv).
    set beresp.grace = 24h;

    # Never store what is personal: a response that sets a cookie, or that the app marks
    # private/no-store/no-cache, or that varies on everything. Remember for two minutes
    # that the URL is uncacheable (hit-for-miss), so requests for it are not queued
    # behind each other. Without any Cache-Control, Varnish's default TTL (varnishd -t,
    # 120 s) applies.
    if (beresp.ttl <= 0s ||
        beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Vary == "*") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    if (req.http.x-cache) {
        set resp.http.X-Cache = req.http.x-cache;
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
