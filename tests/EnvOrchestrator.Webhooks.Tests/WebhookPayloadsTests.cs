using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Webhooks.Tests;

public sealed class WebhookPayloadsTests
{
    private static readonly EnvironmentEvent Failed = new(
        "run-7:failed", EnvironmentEventType.Failed, "team-a", "web-1", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), "Failed", "run-7", "alice", "cache: <apply> failed & stopped");

    [Fact]
    public void Render_CloudEvents_ParsesBackWithTheSdkAsAStructuredEvent()
    {
        var (body, contentType) = WebhookPayloads.Render(WebhookFormat.CloudEvents, Failed, "https://envorch.example.com");

        var parsed = new JsonEventFormatter().DecodeStructuredModeMessage(body, new System.Net.Mime.ContentType(contentType), extensionAttributes: null);
        var data = JsonSerializer.Deserialize<JsonElement>(((JsonElement)parsed.Data!).GetRawText());

        Assert.StartsWith("application/cloudevents+json", contentType, StringComparison.Ordinal);
        Assert.Equal(("1.0", "run-7:failed", "io.envorchestrator.environment.failed", "team-a/web-1"), (parsed.SpecVersion.VersionId, parsed.Id, parsed.Type, parsed.Subject));
        Assert.Equal("https://envorch.example.com/projects/team-a/environments/web-1", parsed.Source!.ToString());
        Assert.Equal(Failed.At, parsed.Time);
        Assert.Equal(MediaTypeNames.Application.Json, parsed.DataContentType);
        Assert.Equal(("team-a", "web-1", "failed", "Failed", "alice"), (data.GetProperty("project").GetString(), data.GetProperty("name").GetString(), data.GetProperty("event").GetString(), data.GetProperty("status").GetString(), data.GetProperty("actor").GetString()));
    }

    [Fact]
    public void Render_Slack_TextAndBlocksWithControlCharactersEscaped()
    {
        var (body, contentType) = WebhookPayloads.Render(WebhookFormat.Slack, Failed, "x");
        var message = JsonDocument.Parse(body).RootElement;

        Assert.Equal(MediaTypeNames.Application.Json, contentType);
        Assert.Equal("Environment team-a/web-1 failed", message.GetProperty("text").GetString());
        var section = message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();
        Assert.Equal("*Environment team-a/web-1 failed*\ncache: &lt;apply&gt; failed &amp; stopped", section);
        Assert.Contains(message.GetProperty("blocks")[1].GetProperty("elements").EnumerateArray(), e => e.GetProperty("text").GetString() == "By: alice");
    }

    [Fact]
    public void Render_Teams_AdaptiveCardWithHeadlineAndFacts()
    {
        var (body, _) = WebhookPayloads.Render(WebhookFormat.Teams, Failed, "x");
        var message = JsonDocument.Parse(body).RootElement;
        var attachment = message.GetProperty("attachments")[0];
        var card = attachment.GetProperty("content");

        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        Assert.Equal("Environment team-a/web-1 failed", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal(
            [("Status", "Failed"), ("By", "alice"), ("Run", "run-7")],
            card.GetProperty("body")[2].GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString())));
    }
}
