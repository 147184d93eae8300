"""Rewrites the shipped deploy/nginx/meet.conf to run unprivileged in a temp folder.

Used by the ctest (nginx -t) and mirrored by web/e2e/deploy.test.mjs: only ports, paths and the
upstream change; every location, header and timeout stays as shipped.
"""
import os
import re
import subprocess


def make_self_signed(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def rewrite(shipped_text, folder, http_port, https_port, upstream_port, cert, key):
    text = shipped_text
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", text)
    text = re.sub(r"listen \[::\]:80;\n", "", text)
    text = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", text)
    text = re.sub(r"listen \[::\]:443 ssl http2;\n", "", text)
    text = re.sub(r"server 127\.0\.0\.1:8080;", f"server 127.0.0.1:{upstream_port};", text)
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", text)
    text = re.sub(r"root /var/www/certbot;", f"root {folder}/webroot;", text)
    text = re.sub(r"/var/log/nginx/", f"{folder}/", text)
    # The redirect keeps the request's host, which on a test port must carry the port.
    text = text.replace("return 301 https://$host$request_uri;",
                        f"return 301 https://$host:{https_port}$request_uri;")
    return text


def write_config(repo, folder, http_port, https_port, upstream_port):
    """Writes folder/nginx.conf (a main config including the rewritten site); returns its path."""
    os.makedirs(os.path.join(folder, "webroot"), exist_ok=True)
    cert, key = make_self_signed(folder)
    with open(os.path.join(repo, "deploy/nginx/meet.conf")) as f:
        site = rewrite(f.read(), folder, http_port, https_port, upstream_port, cert, key)
    with open(os.path.join(folder, "meet.conf"), "w") as f:
        f.write(site)
    user = "" if os.getuid() != 0 else "user root;\n"
    main = f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    access_log off;
    include {folder}/meet.conf;
}}
"""
    path = os.path.join(folder, "nginx.conf")
    with open(path, "w") as f:
        f.write(main)
    return path
