using System.Text.RegularExpressions;
using EnvOrchestrator.Portal.Tests.Browser;
using EnvOrchestrator.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EnvOrchestrator.Portal.Tests.Journeys;

/// <summary>The portal as developers use it: real Chromium, the composed service, Azurite and Terraform.</summary>
public sealed class PortalJourneyTests(AzuriteFixture azurite, PortalFixture portal, ITestOutputHelper output)
    : IClassFixture<AzuriteFixture>, IClassFixture<PortalFixture>
{
    // cache-only is shared with team-a and team-b only.
    private const string Project = "team-a";
    // A deploy takes seconds; the margin is for a machine shared with other builds.
    private static readonly LocatorAssertionsToHaveTextOptions Deploying = new() { Timeout = 90_000 };

    [Fact(Timeout = 180_000)]
    public async Task CreateJourney_CacheOnlyFromCatalog_ShowsFieldErrorThenReadyExtendedAndDestroyed()
    {
        var page = await portal.OpenPageAsync(azurite, output, CancellationToken.None);
        await SignInAsync(page, "alice", Project);

        await page.GetByRole(AriaRole.Link, new() { Name = "cache-only" }).ClickAsync();
        var main = page.Locator("main");
        await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("cache-only");
        await Expect(main.Locator("dl.facts")).ToContainTextAsync("ns, cache");
        await main.GetByLabel("Environment name").FillAsync("Bad Name");
        await main.GetByLabel("delay_seconds").FillAsync("1");
        await main.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        var nameField = main.Locator("[data-field='name']");
        await Expect(nameField.Locator(".error")).ToContainTextAsync("lower-case letter");
        await Expect(main.GetByLabel("Environment name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(page, "01-create-field-error");
        await main.GetByLabel("Environment name").FillAsync("portal-e2e");
        await main.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/projects/team-a/environments/portal-e2e$"));
        var status = page.Locator("#environment-status");
        await Expect(status).ToHaveTextAsync("Ready", Deploying);
        await Expect(page.Locator("[data-resource] .status")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-resource='ns'] .status")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("[data-resource='cache'] .status")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("[data-output='hostname'] td")).ToHaveTextAsync("portal-e2e-cache.portal-e2e.cache.local");
        await Expect(page.Locator("#logs")).ToContainTextAsync("terraform", new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "02-ready");
        var expiresBefore = await page.Locator("#expires-at").TextContentAsync();
        await page.GetByLabel("Extend by").FillAsync("1h");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend" }).ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("Extend: done.");
        await Expect(page.Locator("#expires-at")).Not.ToHaveTextAsync(expiresBefore!);
        var expiresAfter = await page.Locator("#expires-at").TextContentAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Destroy" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("Destroyed", Deploying);
        await Expect(page.Locator("[data-resource='ns'] .status")).ToHaveTextAsync("Destroyed");
        await Expect(page.Locator("[data-resource='cache'] .status")).ToHaveTextAsync("Destroyed");
        await Screenshots.SaveAsync(page, "03-destroyed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Environments", Exact = true }).ClickAsync();
        var row = page.Locator("tr[data-environment='portal-e2e']");

        await Expect(row.Locator(".status")).ToHaveTextAsync("Destroyed");
        Assert.NotNull(expiresBefore);
        Assert.True(DateTimeOffset.Parse(expiresAfter!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(expiresBefore, System.Globalization.CultureInfo.InvariantCulture) == TimeSpan.FromHours(1),
            $"expiry moved from {expiresBefore} to {expiresAfter}, not by 1h");
    }

    [Fact(Timeout = 180_000)]
    public async Task ApprovalJourney_GatedProject_RequesterCannotApproveAnotherUserApprovesAndItDeploys()
    {
        var page = await portal.OpenPageAsync(azurite, output, CancellationToken.None);
        await SignInAsync(page, "alice", "gated");

        await page.GotoAsync("/#/templates/web-stack");
        var main = page.Locator("main");
        await main.GetByLabel("Environment name").FillAsync("gated-e2e");
        await main.GetByLabel("delay_seconds").FillAsync("0");
        await main.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        await Expect(page.Locator("#environment-status")).ToHaveTextAsync("AwaitingApproval", Deploying);
        var approval = page.Locator("section.approval");
        await Expect(approval.GetByRole(AriaRole.Heading, new() { Name = "Awaiting approval" })).ToBeVisibleAsync();
        await Expect(approval).ToContainTextAsync("Policy 'gate' requires an approval for template web-stack in project 'gated'.");
        await Screenshots.SaveAsync(page, "05-awaiting-approval");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#action-message")).ToContainTextAsync("Approve refused: 'alice' asked for this and may not decide it");

        await SignInAsync(page, "bob", "gated");
        await page.GotoAsync("/#/projects/gated/environments/gated-e2e");
        await page.Locator("section.approval").GetByLabel("Reason (required to reject)").FillAsync("fine for the demo");
        await page.Locator("section.approval").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#environment-status")).ToHaveTextAsync("Ready", Deploying);
        await Expect(page.Locator("#approval-decision")).ToHaveTextAsync("Approval of the deploy: approved by bob: fine for the demo.");
        await Screenshots.SaveAsync(page, "06-approved-ready");
    }

    [Fact(Timeout = 180_000)]
    public async Task FailedDeploy_WebStackWithFailingFrontend_ShowsErrorAndOffersRetry()
    {
        var page = await portal.OpenPageAsync(azurite, output, CancellationToken.None);
        await SignInAsync(page, "bob", "shop");

        await page.GotoAsync("/#/templates/web-stack");
        var main = page.Locator("main");
        await main.GetByLabel("Environment name").FillAsync("fails-e2e");
        await main.GetByLabel("delay_seconds").FillAsync("0");
        await main.GetByLabel("fail_frontend").SelectOptionAsync("true");
        await main.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();
        await Expect(page.Locator("#environment-status")).ToHaveTextAsync("Failed", Deploying);
        await Screenshots.SaveAsync(page, "04-failed-deploy");

        await Expect(page.Locator("[data-resource='frontend'] .status")).ToHaveTextAsync("Failed");
        await Expect(page.Locator(".failure")).ToBeVisibleAsync();
        await Expect(page.Locator(".failure")).ToContainTextAsync("Resource: frontend");
        await Expect(page.Locator(".failure-detail")).ToContainTextAsync("simulated failure of fails-e2e-web");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeEnabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Extend" })).ToBeDisabledAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task Create_KeyboardOnly_TabsToCreateButtonAndSubmitsWithEnter()
    {
        var page = await portal.OpenPageAsync(azurite, output, CancellationToken.None);
        await SignInAsync(page, "carol", Project);
        await page.GotoAsync("/#/templates/cache-only");
        await Expect(page.Locator("main h1")).ToContainTextAsync("cache-only");

        // Only keys from here: type where the name field has focus, then tab on to the button.
        var reached = false;
        for (var presses = 0; presses < 40 && !reached; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("document.activeElement?.id ?? null");
            if (focused == "field-name")
            {
                await page.Keyboard.TypeAsync("keys-e2e");
            }

            reached = focused == "create-button";
        }

        Assert.True(reached, "Tab never reached the Create environment button.");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("#/projects/team-a/environments/keys-e2e$"));
        await Expect(page.Locator("#environment-status")).ToHaveTextAsync("Ready", Deploying);
        await Screenshots.SaveAsync(page, "05-keyboard-created");
    }

    [Fact(Timeout = 60_000)]
    public async Task MapEnvOrchestratorPortal_ServiceRoutes_AreNotShadowed()
    {
        await portal.OpenPageAsync(azurite, output, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        using var root = await http.GetAsync(new Uri("/", UriKind.Relative));
        using var templates = await http.GetAsync(new Uri("/api/templates", UriKind.Relative));
        using var unknownApi = await http.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
        using var docs = await http.GetAsync(new Uri("/docs", UriKind.Relative));
        using var openApi = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json", templates.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.NotEqual("text/html", unknownApi.Content.Headers.ContentType?.MediaType);
        Assert.True(docs.IsSuccessStatusCode, $"/docs answered {(int)docs.StatusCode}");
        Assert.DoesNotContain("EnvOrchestrator.Portal", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(openApi.IsSuccessStatusCode, $"/openapi/v1.json answered {(int)openApi.StatusCode}");
    }

    private static async Task SignInAsync(IPage page, string user, string project)
    {
        await page.GotoAsync("/");
        var header = page.Locator("header");
        await header.GetByLabel("User name").FillAsync(user);
        await header.GetByLabel("Project").FillAsync(project);
        await header.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Catalog");
    }
}
