using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Webhooks;

/// <summary>
/// Sends the deliveries due, at least once each: a sender takes a delivery by counting the attempt and pushing its due
/// time past the attempt's longest run in one conditional write, so other instances skip it and a sender that dies
/// leaves it due again afterwards. A 2xx delivers it; anything else (or no answer) schedules the next attempt with
/// doubling waits (or the receiver's <c>Retry-After</c>) until <see cref="WebhookOptions.MaxAttempts"/>.
/// </summary>
internal sealed partial class WebhookSender(
    IWebhookStore store, IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "EnvOrchestrator.Webhooks";

    private const int BatchSize = 50;
    private const int Parallelism = 16;
    private const int MaxErrorLength = 300;

    // Beyond the request timeout: the rest of an attempt (reading the subscription, saving the outcome).
    private static readonly TimeSpan AttemptMargin = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more are likely due: no pause until the backlog is drained.
                if (await SendDueAsync(stoppingToken).ConfigureAwait(false) < BatchSize)
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The storage may be away for a while: the loop goes on and tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSendFailed(ex);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tries every delivery due now once; returns how many attempts it made.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.FindDueAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);

        // A batch usually holds many deliveries of few subscriptions: each is read once per batch.
        var subscriptions = new ConcurrentDictionary<(ProjectName, string), Lazy<Task<WebhookSubscription?>>>();
        Task<WebhookSubscription?> SubscriptionAsync(WebhookDelivery delivery, CancellationToken token) =>
            subscriptions.GetOrAdd(
                (delivery.Project, delivery.SubscriptionId),
                key => new Lazy<Task<WebhookSubscription?>>(() => store.FindSubscriptionAsync(key.Item1, key.Item2, token))).Value;
        var attempted = 0;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (delivery, token) =>
            {
                if (await TrySendAsync(delivery, SubscriptionAsync, token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref attempted);
                }
            }).ConfigureAwait(false);
        return attempted;
    }

    private async Task<bool> TrySendAsync(
        WebhookDelivery delivery, Func<WebhookDelivery, CancellationToken, Task<WebhookSubscription?>> findSubscription, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var taken = await store.SaveDeliveryAsync(
            delivery with { Attempts = delivery.Attempts + 1, LastAttemptAt = now, NextAttemptAt = now + settings.RequestTimeout + AttemptMargin },
            delivery.Version!,
            cancellationToken).ConfigureAwait(false);
        if (!taken.Succeeded)
        {
            return false;
        }

        var current = taken.Value!;
        var subscription = await findSubscription(current, cancellationToken).ConfigureAwait(false);
        var outcome = subscription is null
            ? new Outcome(null, "The subscription was removed.", null)
            : await PostAsync(subscription, current, cancellationToken).ConfigureAwait(false);
        var after = time.GetUtcNow();
        var next = outcome.StatusCode is >= 200 and < 300
            ? current with { Status = WebhookDeliveryStatus.Delivered, DeliveredAt = after, LastStatusCode = outcome.StatusCode, LastError = null }
            : subscription is null || current.Attempts >= settings.MaxAttempts
                ? current with { Status = WebhookDeliveryStatus.Failed, LastStatusCode = outcome.StatusCode, LastError = outcome.Error }
                : current with { NextAttemptAt = after + Wait(current.Attempts, outcome.RetryAfter, settings), LastStatusCode = outcome.StatusCode, LastError = outcome.Error };
        var saved = await store.SaveDeliveryAsync(next, current.Version!, CancellationToken.None).ConfigureAwait(false);
        LogAttempt(current.Id, current.Event.TypeName, current.Attempts, outcome.StatusCode, next.Status, saved.Succeeded);
        return true;
    }

    private async Task<Outcome> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var (body, contentType) = WebhookPayloads.Render(subscription.Format, delivery.Event, options.Value.Source);
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("webhook-id", delivery.Event.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(subscription.Secret, delivery.Event.Id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null)
                : null;
            return new Outcome(status, status is >= 200 and < 300 ? null : $"The receiver answered {status} {response.ReasonPhrase}.", retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, $"No answer within {options.Value.RequestTimeout.TotalSeconds:0} s.", null);
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(null, Truncate(ex.Message), null);
        }
    }

    internal static TimeSpan Wait(int attempts, TimeSpan? retryAfter, WebhookOptions settings)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < settings.RetryMaxDelay ? asked : settings.RetryMaxDelay;
        }

        var doubled = settings.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return doubled < settings.RetryMaxDelay ? doubled : settings.RetryMaxDelay;
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";

    private sealed record Outcome(int? StatusCode, string? Error, TimeSpan? RetryAfter);

    [LoggerMessage(EventId = 9701, Level = LogLevel.Information, Message = "Webhook delivery {Delivery} ({Event}) attempt {Attempt}: HTTP {StatusCode}, now {Status} (saved: {Saved})")]
    private partial void LogAttempt(string delivery, string @event, int attempt, int? statusCode, WebhookDeliveryStatus status, bool saved);

    [LoggerMessage(EventId = 9702, Level = LogLevel.Warning, Message = "Webhook deliveries could not be read or sent; trying again")]
    private partial void LogSendFailed(Exception exception);
}
