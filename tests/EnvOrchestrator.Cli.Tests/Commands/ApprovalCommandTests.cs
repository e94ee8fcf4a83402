using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary>
/// <c>envctl env approve|reject</c> and the approval views against the real service, with the demo catalog plus an
/// approval policy for project "gated": web-stack waits for an approver, and so does living past 2 hours.
/// </summary>
public sealed class ApprovalCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Policy = """
        apiVersion: envorch.io/v1
        kind: Policy
        metadata: { name: gate }
        spec:
          appliesTo: { projects: [gated] }
          enforcement: approval
          rules:
            - requireApproval: true
            - maxTtl: 2h
        """;

    private readonly string _catalog = Directory.CreateTempSubdirectory("envctl-approval-catalog-").FullName;
    private InProcessService _service = null!;

    public async Task InitializeAsync()
    {
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), _catalog);
        await File.WriteAllTextAsync(Path.Combine(_catalog, "policies", "gate.yaml"), Policy);
        var settings = ServiceSettings.Create((await AzuriteFixture.SharedAsync()).ConnectionString);
        settings.Values["EnvOrchestrator:CatalogPath"] = _catalog;
        _service = await InProcessService.StartAsync(settings, output);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Directory.Delete(_catalog, recursive: true);
    }

    [Fact(Timeout = 180_000)]
    public async Task CreateWaitApproveExtend_GatedProject_WaitsForAnotherPersonThenDeploysAndHoldsTheExtension()
    {
        using var alice = new Envctl(output, _service.Settings.BaseAddress, user: "alice");
        using var bob = new Envctl(output, _service.Settings.BaseAddress, user: "bob");

        var created = await alice.RunAsync("env", "create", "gated", "web", "--template", "web-stack", "--input", "delay_seconds=0", "--ttl", "1h", "--wait");
        var shown = await alice.RunAsync("env", "show", "gated", "web");
        var self = await alice.RunAsync("env", "approve", "gated", "web");
        var noReason = await bob.RunAsync("env", "reject", "gated", "web");
        var approved = await bob.RunAsync("env", "approve", "gated", "web", "--reason", "demo day", "-o", "json");

        Assert.Equal(6, created.ExitCode);
        Assert.Contains("gated/web is AwaitingApproval: nothing is deployed until an approver decides.", created.Out, StringComparison.Ordinal);
        Assert.Contains("Policy 'gate' requires an approval for template web-stack in project 'gated'.", created.Out, StringComparison.Ordinal);
        Assert.Contains("envctl env approve gated web", created.Out, StringComparison.Ordinal);
        Assert.Contains("Awaiting approval of the deploy, asked by alice", shown.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, self.ExitCode);
        Assert.Contains("may not decide", self.Error, StringComparison.Ordinal);
        Assert.Equal(2, noReason.ExitCode);
        Assert.Equal(0, approved.ExitCode);
        var approval = approved.Json.GetProperty("approval");
        Assert.Equal(("approved", "bob", "demo day"), (approval.GetProperty("state").GetString(), approval.GetProperty("decidedBy").GetString(), approval.GetProperty("reason").GetString()));

        var status = string.Empty;
        for (var i = 0; i < 120 && status != "Ready"; i++)
        {
            await Task.Delay(500);
            status = (await alice.RunAsync("env", "show", "gated", "web", "-o", "json")).Json.GetProperty("status").GetString()!;
        }

        Assert.Equal("Ready", status);
        var extend = await alice.RunAsync("env", "extend", "gated", "web", "--by", "2h");
        var rejected = await bob.RunAsync("env", "reject", "gated", "web", "--reason", "ask again next week");

        Assert.Equal(6, extend.ExitCode);
        Assert.Contains("the extension needs an approval", extend.Out, StringComparison.Ordinal);
        Assert.Contains("Awaiting approval of an extension by 02:00:00", extend.Out, StringComparison.Ordinal);
        Assert.Equal(0, rejected.ExitCode);
        Assert.Contains("Rejected the extension of gated/web; the expiry stays as it was.", rejected.Out, StringComparison.Ordinal);
    }
}
