namespace EnvOrchestrator.Webhooks;

/// <summary>Webhook delivery settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How often the sender looks for deliveries due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is given up (<see cref="Core.Webhooks.WebhookDeliveryStatus.Failed"/>).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; it doubles with each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);


    /// <summary>The CloudEvents <c>source</c> prefix: where events come from, e.g. the service's public URL.</summary>
    public string Source { get; set; } = "envorchestrator";
}
