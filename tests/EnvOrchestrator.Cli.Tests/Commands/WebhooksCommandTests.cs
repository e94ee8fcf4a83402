using EnvOrchestrator.Cli.Tests.Support;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using EnvOrchestrator.Testing.Webhooks;
using Xunit.Abstractions;

namespace EnvOrchestrator.Cli.Tests.Commands;

/// <summary><c>envctl webhooks</c> against the real service, delivering to a receiver on loopback.</summary>
public sealed class WebhooksCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessService _service = null!;

    public async Task InitializeAsync()
    {
        var settings = ServiceSettings.Create((await AzuriteFixture.SharedAsync()).ConnectionString);
        settings.Values["Webhooks:RequireHttps"] = "false";
        settings.Values["Webhooks:PollInterval"] = "00:00:00.200";
        _service = await InProcessService.StartAsync(settings, output);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task AddListDeliveriesRemove_ReadyEvent_DeliveredAndShownInTheLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var olga = new Envctl(output, _service.Settings.BaseAddress, user: "olga");

        var added = await olga.RunAsync("webhooks", "add", "team-a", receiver.Url.AbsoluteUri, "--event", "ready", "--format", "slack");
        var listed = await olga.RunAsync("webhooks", "list", "team-a", "-o", "json");
        var id = listed.Json[0].GetProperty("id").GetString()!;
        var created = await olga.RunAsync("env", "create", "team-a", "hooked", "--template", "cache-only", "--input", "delay_seconds=0", "--wait");
        // The sender records the outcome just after the receiver answered.
        for (var i = 0; i < 100 && (await olga.RunAsync("webhooks", "deliveries", "team-a", id, "-o", "json")).Json is var json
            && (json.GetArrayLength() == 0 || json[0].GetProperty("status").GetString() != "Delivered"); i++)
        {
            await Task.Delay(100);
        }

        var log = await olga.RunAsync("webhooks", "deliveries", "team-a", id);
        var bad = await olga.RunAsync("webhooks", "add", "team-a", "not a url");
        var removed = await olga.RunAsync("webhooks", "remove", "team-a", id);
        var removedAgain = await olga.RunAsync("webhooks", "remove", "team-a", id);

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("sends ready to", added.Out, StringComparison.Ordinal);
        Assert.Contains("Signing secret (shown once, keep it): whsec_", added.Out, StringComparison.Ordinal);
        Assert.Equal(("slack", "ready"), (listed.Json[0].GetProperty("format").GetString(), listed.Json[0].GetProperty("events")[0].GetString()));
        Assert.Equal(0, created.ExitCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Contains("Environment team-a/hooked is ready", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Equal(0, log.ExitCode);
        Assert.Contains("Delivered", log.Out, StringComparison.Ordinal);
        Assert.Contains("team-a/hooked", log.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("An absolute http(s) URL", bad.Error, StringComparison.Ordinal);
        Assert.Contains("envctl webhooks add --help", bad.Error, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        Assert.NotEqual(0, removedAgain.ExitCode);
        Assert.Contains("has no webhook", removedAgain.Error, StringComparison.Ordinal);
        Assert.Contains("envctl webhooks list PROJECT", removedAgain.Error, StringComparison.Ordinal);
    }
}
