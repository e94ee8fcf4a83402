using EnvOrchestrator.Core.Webhooks;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using EnvOrchestrator.Testing.Webhooks;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>
/// Webhooks through the real service process: a project subscribes a receiver on loopback that is failing, an
/// environment is deployed and destroyed, the service is killed (alone) and started again, the receiver recovers —
/// and every event arrives, signed, each event once as a 2xx.
/// </summary>
public sealed class WebhookDeliveryTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 240_000)]
    public async Task Lifecycle_ReceiverDownAcrossAServiceRestart_EveryEventDeliveredSignedOnce()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        settings.Values["Webhooks:RequireHttps"] = "false";
        settings.Values["Webhooks:PollInterval"] = "00:00:00.200";
        settings.Values["Webhooks:RetryBaseDelay"] = "00:00:01";
        settings.Values["Webhooks:RetryMaxDelay"] = "00:00:02";
        settings.Values["Webhooks:MaxAttempts"] = "100";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(220));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.DefaultStatus = (int)HttpStatusCode.ServiceUnavailable;
        string secret;
        string id;
        var first = await ServiceProcess.StartAsync(settings, output, cts.Token);
        await using (first)
        {
            using var http = new HttpClient { BaseAddress = settings.BaseAddress };
            http.DefaultRequestHeaders.Add("X-EnvOrch-User", "olga");
            using var added = await http.PostAsJsonAsync("/api/projects/team-a/webhooks", new { url = receiver.Url.AbsoluteUri }, cts.Token);
            var body = await added.Content.ReadFromJsonAsync<JsonElement>(cts.Token);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            secret = body.GetProperty("secret").GetString()!;
            id = body.GetProperty("webhook").GetProperty("id").GetString()!;

            using var client = new EnvironmentClient(settings.BaseAddress);
            await client.CreateAsync("team-a", new { name = "hooked", template = "cache-only@1.0.0", inputs = new { delay_seconds = 0 } }, cts.Token);
            await client.WaitForStatusAsync("team-a", "hooked", "Ready", cts.Token);
            await client.DestroyAsync("team-a", "hooked", cts.Token);
            await client.WaitForStatusAsync("team-a", "hooked", "Destroyed", cts.Token);
            // Every one of the three events has been refused at least once before the kill.
            await WaitAsync(() => Answered(receiver, 503).Select(r => r.Headers["webhook-id"]).Distinct().Count() >= 3, cts.Token);
            first.KillAlone();
        }

        receiver.DefaultStatus = (int)HttpStatusCode.NoContent;
        await using var second = await ServiceProcess.RestartAsync(settings, output, cts.Token);
        await WaitAsync(() => Delivered(receiver).Count >= 3, cts.Token);
        using var log = new HttpClient { BaseAddress = settings.BaseAddress };
        log.DefaultRequestHeaders.Add("X-EnvOrch-User", "olga");

        // The sender records the outcome just after the receiver answered.
        var deliveries = await log.GetFromJsonAsync<JsonElement>($"/api/projects/team-a/webhooks/{id}/deliveries", cts.Token);
        while (deliveries.EnumerateArray().Any(d => d.GetProperty("status").GetString() != "Delivered"))
        {
            await Task.Delay(200, cts.Token);
            deliveries = await log.GetFromJsonAsync<JsonElement>($"/api/projects/team-a/webhooks/{id}/deliveries", cts.Token);
        }

        var events = Delivered(receiver).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(
            ["io.envorchestrator.environment.created", "io.envorchestrator.environment.destroyed", "io.envorchestrator.environment.ready"],
            events.Select(e => e.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal("team-a/hooked", e.GetProperty("subject").GetString()));
        Assert.All(receiver.Requests, r => Assert.True(
            WebhookSignature.Verify(secret, r.Headers["webhook-id"], DateTimeOffset.FromUnixTimeSeconds(long.Parse(r.Headers["webhook-timestamp"], CultureInfo.InvariantCulture)), r.Body, r.Headers["webhook-signature"]),
            "every request is signed with the subscription's secret"));
        Assert.Equal(3, Delivered(receiver).Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.All(deliveries.EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
        Assert.All(deliveries.EnumerateArray(), d => Assert.True(d.GetProperty("attempts").GetInt32() >= 2, "each failed at least once before the restart"));
    }

    // The receiver answers in order: a request's answer is the status it had when the request arrived.
    private static List<ReceivedRequest> Answered(WebhookReceiver receiver, int status) => [.. receiver.Requests.Where(r => r.Status == status)];

    private static List<ReceivedRequest> Delivered(WebhookReceiver receiver) => [.. receiver.Requests.Where(r => r.Status is >= 200 and < 300)];

    private static async Task WaitAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done())
        {
            await Task.Delay(200, cancellationToken);
        }
    }
}
