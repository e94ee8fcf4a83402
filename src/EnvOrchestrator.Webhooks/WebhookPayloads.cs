using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;

namespace EnvOrchestrator.Webhooks;

/// <summary>The body of one delivery in its subscription's format, and its content type.</summary>
public static class WebhookPayloads
{
    /// <summary>CloudEvents <c>type</c> prefix: <c>io.envorchestrator.environment.ready</c>.</summary>
    public const string TypePrefix = "io.envorchestrator.environment.";

    private static readonly JsonEventFormatter Formatter = new(new JsonSerializerOptions(JsonSerializerDefaults.Web), new JsonDocumentOptions());

    public static (byte[] Body, string ContentType) Render(WebhookFormat format, EnvironmentEvent environmentEvent, string source)
    {
        ArgumentNullException.ThrowIfNull(environmentEvent);
        return format switch
        {
            WebhookFormat.Slack => (JsonSerializer.SerializeToUtf8Bytes(Slack(environmentEvent)), MediaTypeNames.Application.Json),
            WebhookFormat.Teams => (JsonSerializer.SerializeToUtf8Bytes(Teams(environmentEvent)), MediaTypeNames.Application.Json),
            _ => CloudEvent(environmentEvent, source),
        };
    }

    /// <summary>The CloudEvents <c>data</c>: the event as the API names things.</summary>
    public sealed record EventData(string Project, string Name, string Event, string Status, DateTimeOffset At, string? RunId, string? Actor, string? Detail);

    private static (byte[], string) CloudEvent(EnvironmentEvent e, string source)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = e.Id,
            Type = TypePrefix + e.TypeName,
            Source = new Uri($"{source.TrimEnd('/')}/projects/{Uri.EscapeDataString(e.Project)}/environments/{Uri.EscapeDataString(e.Name)}", UriKind.RelativeOrAbsolute),
            Subject = $"{e.Project}/{e.Name}",
            Time = e.At,
            DataContentType = MediaTypeNames.Application.Json,
            Data = new EventData(e.Project, e.Name, e.TypeName, e.Status, e.At, e.RunId, e.Actor, e.Detail),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType);
        return (body.ToArray(), contentType.ToString());
    }

    private static JsonObject Slack(EnvironmentEvent e) => new()
    {
        ["text"] = Headline(e),
        ["blocks"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{Escape(Headline(e))}*" + (e.Detail is { } detail ? "\n" + Escape(detail) : string.Empty) },
            },
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(Facts(e).Select(f => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"{f.Title}: {Escape(f.Value)}" }).ToArray()),
            }),
    };

    private static JsonObject Teams(EnvironmentEvent e) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = Headline(e), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = e.Detail ?? string.Empty, ["wrap"] = true, ["isVisible"] = e.Detail is not null },
                    new JsonObject
                    {
                        ["type"] = "FactSet",
                        ["facts"] = new JsonArray(Facts(e).Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray()),
                    }),
            },
        }),
    };

    private static string Headline(EnvironmentEvent e) => $"Environment {e.Project}/{e.Name} " + e.Type switch
    {
        EnvironmentEventType.Created => "was created",
        EnvironmentEventType.AwaitingApproval => "is waiting for an approval",
        EnvironmentEventType.Ready => "is ready",
        EnvironmentEventType.Failed => "failed",
        EnvironmentEventType.ExpiringSoon => "expires soon",
        EnvironmentEventType.Extended => "was extended",
        EnvironmentEventType.Destroyed => "was destroyed",
        _ => e.TypeName,
    };

    private static IEnumerable<(string Title, string Value)> Facts(EnvironmentEvent e)
    {
        yield return ("Status", e.Status);
        if (e.Actor is { } actor)
        {
            yield return ("By", actor);
        }

        if (e.RunId is { } run)
        {
            yield return ("Run", run);
        }
    }

    // Slack's mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
