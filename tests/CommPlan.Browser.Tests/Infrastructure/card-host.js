// The page side of the card tests: renders one card the way Teams does and reports every complaint.
//
// Markdown: the renderer shows TextBlock text as plain text unless a markdown processor is present; it uses
// window.markdownit when loaded. Teams renders TextBlock and Fact markdown, so the page loads markdown-it: the
// nearest public stand-in for Teams' own processor (CommonMark, HTML off), and the one the renderer documents.
// Teams renders no markdown in choice and toggle titles, so neither does this page.
(() => {
  const AC = window.AdaptiveCards;
  AC.GlobalSettings.useMarkdownInRadioButtonAndCheckbox = false;

  // Teams-like: its font, interactivity on, and room for the six actions Teams shows.
  const hostConfig = new AC.HostConfig({
    fontFamily: "'Segoe UI', system-ui, sans-serif",
    supportsInteractivity: true,
    actions: { maxActions: 6 },
    // Headings need a level for screen readers; the renderer sets aria-level only when the host names one.
    textBlock: { headingLevel: 2 },
  });

  const eventName = (e) => AC.ValidationEvent[e.event] ?? String(e.event);

  window.renderCard = (cardJson) => {
    const problems = [];
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    const context = new AC.SerializationContext();
    card.parse(JSON.parse(cardJson), context);
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      problems.push(`parse ${eventName(e)}: ${e.message}`);
    }
    const validation = card.validateProperties();
    for (const e of validation.validationEvents) {
      problems.push(`validation ${eventName(e)}: ${e.message}`);
    }
    let rendered;
    try {
      rendered = card.render();
    } catch (error) {
      problems.push(`render threw: ${error}`);
    }
    const host = document.getElementById("card");
    if (rendered) {
      host.replaceChildren(rendered);
    } else {
      problems.push("render: the renderer returned nothing");
    }
    return { problems, text: rendered ? rendered.innerText : "" };
  };

  // The text each element with a data-test-id shows, for literal-text checks.
  window.textOf = (selector) => {
    const element = document.querySelector(selector);
    return element ? element.innerText : null;
  };

  window.checkAccessibility = async () => {
    const results = await axe.run(document.getElementById("card"), { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`);
  };
})();
