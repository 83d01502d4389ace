// e-Payment: the card goes from this page to the card payment service (Stripe.js, loaded before
// this file); ICMS receives only the service's token for it, then answers succeeded, declined or
// "your bank needs you to confirm", which Stripe.js completes before the page asks ICMS again.
(function () {
  "use strict";
  var form = document.querySelector("[data-card-form]");
  if (!form || typeof Stripe !== "function") { return; }
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var button = document.getElementById("card-pay");
  var status = document.getElementById("card-status");
  var problem = document.getElementById("card-problem");
  var problemText = document.getElementById("card-problem-text");

  function fail(message) {
    problemText.textContent = message;
    problem.hidden = false;
    status.textContent = "";
    button.disabled = false;
    problem.focus && problem.setAttribute("tabindex", "-1");
    problem.focus && problem.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    problem.hidden = true;
    button.disabled = true;
    status.textContent = "Sending your card to the card payment service…";
    stripe.createToken(card).then(function (created) {
      if (created.error || !created.token) {
        fail((created.error && created.error.message) || "The card details were not accepted. Check them and try again.");
        return null;
      }
      status.textContent = "Paying…";
      return fetch(form.dataset.payUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({token: created.token.id})
      }).then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      }).then(function (answer) {
        if (!answer.ok) { fail(answer.body.message || "The payment could not be made."); return; }
        if (answer.body.outcome === "requires_action") {
          status.textContent = "Your bank asks you to confirm this payment…";
          return stripe.confirmCardPayment(answer.body.client_secret).then(function () {
            window.location.assign(form.dataset.doneUrl);
          });
        }
        window.location.assign(answer.body.next);
      });
    }).catch(function () {
      fail("The payment could not be sent. Check your connection and try again; you have not been charged twice.");
    });
  });
}());
