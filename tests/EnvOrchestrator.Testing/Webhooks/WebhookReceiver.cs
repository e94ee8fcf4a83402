using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Testing.Webhooks;

/// <summary>A real HTTP receiver on loopback that records every request and answers what the test queued, then <see cref="DefaultStatus"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri Url => new(_app.Urls.First() + "/hook");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (receiver._answers.TryDequeue(out var answer))
            {
                await answer(context);
            }
            else
            {
                context.Response.StatusCode = receiver.DefaultStatus;
            }

            receiver.Requests.Enqueue(new ReceivedRequest(
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                context.Request.ContentType,
                body.ToArray(),
                context.Response.StatusCode));
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Answer every request not answered by <see cref="Answer"/> with this status (default 204).</summary>
    public int DefaultStatus { get; set; } = StatusCodes.Status204NoContent;

    /// <summary>The next requests get these answers, in order.</summary>
    public void Answer(params Func<HttpContext, Task>[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }
    }

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="Status">What the receiver answered.</param>
public sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body, int Status);
