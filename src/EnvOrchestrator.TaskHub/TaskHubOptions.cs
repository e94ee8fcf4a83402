namespace EnvOrchestrator.TaskHub;

/// <summary>
/// The task hub on Azure Storage that runs the service's orchestrations (Durable Task Framework's Azure Storage
/// provider, the one Durable Functions runs on). Defaults are measured on a 2-core machine against Azurite; see
/// docs/components/runtime.md for what each one trades.
/// </summary>
public sealed class TaskHubOptions
{
    public const string SectionName = "TaskHub";

    /// <summary>Names the hub's tables, queues and containers (3–45 letters and digits, starting with a letter).</summary>
    public string TaskHubName { get; set; } = "envorch";

    /// <summary>A Storage connection string (Azurite or keys). Wins over <see cref="AccountName"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Storage account reached with <c>DefaultAzureCredential</c> (managed identity in production).</summary>
    public string? AccountName { get; set; }

    /// <summary>
    /// The Storage endpoint suffix that follows <c>{account}.{blob|queue|table}.</c> with <see cref="AccountName"/>:
    /// the public cloud's by default; sovereign clouds have their own (e.g. <c>core.usgovcloudapi.net</c>).
    /// </summary>
    public string EndpointSuffix { get; set; } = "core.windows.net";

    /// <summary>The endpoint of one Storage service of <see cref="AccountName"/>.</summary>
    public Uri ServiceUri(string service) => new($"https://{AccountName}.{service}.{EndpointSuffix}");

    /// <summary>Control queues, one per partition: the unit that moves between service instances (1–16).</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>The longest an idle worker waits between queue polls: bounds the latency of each hop when idle.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages fetched per control-queue read.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// Keeps an orchestration's history in memory between episodes (doubles sequential throughput when busy; no
    /// difference measured on an idle hub). Cost: a graceful stop waits about 8 s more while any session is open
    /// (DTFx's dispatcher waits for it; measured 9.2 s against 2.0 s without).
    /// </summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>Activities run at once in this process. Terraform processes are bounded separately by the runner.</summary>
    public int MaxConcurrentActivities { get; set; } = 32;

    public int MaxConcurrentOrchestrations { get; set; } = 32;

    /// <summary>
    /// How long a taken activity message stays invisible. It is renewed while the activity runs (an hour-long apply
    /// keeps it); when the process dies, this is how long its activities wait before another instance takes them.
    /// At least 10 s: DTFx renews it only every 5 s.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for control-queue messages taken by a process that then died. At least 10 s.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A partition's lease: a dead owner's partitions move to a live instance after at most this long, once the owner
    /// has renewed it. (DTFx's table partition manager claims a free partition for one minute; an owner that dies
    /// before its first renewal, <see cref="PartitionLeaseRenewInterval"/> after the claim, holds it that minute.)
    /// </summary>
    public TimeSpan PartitionLeaseInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often partition leases are renewed and free ones looked for.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Deliveries of one activity invocation before it is failed without running again: an activity that kills its
    /// worker every time ends as a failure the orchestration handles instead of crash-looping the service.
    /// </summary>
    public int MaxActivityDeliveries { get; set; } = 5;

    /// <summary>This process's name in partition leases; the machine name plus process id when empty.</summary>
    public string? WorkerId { get; set; }
}
