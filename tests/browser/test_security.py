"""The Content-Security-Policy at work in Chromium: script injected into a page does not run and the violation
is reported on the console (which fails every other browser test: so they all prove that Dash, Plotly maps,
AG Grid, the upload component and the fonts live within the policy), and no other page may frame the cockpit.
"""

INJECT_INLINE_SCRIPT = """() => new Promise(resolve => {
    document.addEventListener('securitypolicyviolation', event => resolve(event.effectiveDirective), {once: true});
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.appendChild(script);
})"""

INJECT_EVENT_HANDLER = """() => new Promise(resolve => {
    document.addEventListener('securitypolicyviolation', event => resolve(event.effectiveDirective), {once: true});
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.clicked = true');
    document.body.appendChild(button);
    button.click();
})"""


def test_an_injected_inline_script_does_not_run_and_is_reported(page, live_server, goto, expected_console):
    goto(page, live_server, "/")

    assert page.evaluate(INJECT_INLINE_SCRIPT) == "script-src-elem"
    assert page.evaluate("window.injected") is None
    assert expected_console(page, "Content Security Policy")

    assert page.evaluate(INJECT_EVENT_HANDLER) == "script-src-attr"
    assert page.evaluate("window.clicked") is None
    assert expected_console(page, "Content Security Policy")


def test_the_deck_cannot_be_framed(page, live_server, expected_console):
    page.goto(live_server.url + "/api/v1/health")  # even a page of the cockpit's own origin may not frame it
    page.set_content(f'<iframe src="{live_server.url}/deck"></iframe>')

    assert "frame-ancestors 'none'" in expected_console(page, "frame-ancestors")[0]
    framed = page.frames[1]
    assert not framed.url.startswith(live_server.url)
    assert framed.evaluate("document.querySelector('#react-entry-point')") is None
