using System.Diagnostics;
using System.Diagnostics.Metrics;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// The lifecycle's traces and metrics (BCL <see cref="ActivitySource"/> and <see cref="Meter"/>, subscribed to by name).
/// A run's steps are spans in the trace of the request that started the run: the request's trace parent travels in
/// the run's input, since orchestration code cannot carry <see cref="Activity.Current"/> across replays.
/// </summary>
public static class LifecycleTelemetry
{
    public const string Name = "EnvOrchestrator.Lifecycle";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("envorch.runs.started", "{run}", "Runs accepted and scheduled, by kind.");

    private static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("envorch.runs.finished", "{run}", "Runs ended, by kind and status (Succeeded, Failed, Cancelled).");

    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("envorch.run.duration", "s", "From a run's request to its end, by kind and status.");

    private static readonly Histogram<double> QueueLatency = Meter.CreateHistogram<double>(
        "envorch.run.queue_latency", "s", "From a run's request until its orchestration began it (approval waits excluded), by kind.");

    /// <summary>The trace parent to hand to a run: the current request's, when there is one.</summary>
    internal static string? CurrentTraceParent => Activity.Current?.Id;

    /// <summary>A span for one lifecycle activity of a run, in the trace of the request that started it.</summary>
    internal static Activity? StartStep(string name, string project, string environment, string run, string? resource, string? traceParent)
    {
        var parent = ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        activity?.SetTag("envorch.project", project);
        activity?.SetTag("envorch.environment", environment);
        activity?.SetTag("envorch.run", run);
        if (resource is not null)
        {
            activity?.SetTag("envorch.resource", resource);
        }

        return activity;
    }

    internal static void RunStarted(RunKind kind) => RunsStarted.Add(1, Kind(kind));

    internal static void RunBegan(RunId run, RunKind kind, DateTimeOffset now) => QueueLatency.Record((now - run.CreatedAt).TotalSeconds, Kind(kind));

    internal static void RunFinished(RunId run, RunKind kind, RunStatus status, DateTimeOffset now)
    {
        var tags = new TagList { { "envorch.run.kind", kind.ToString() }, { "envorch.run.status", status.ToString() } };
        RunsFinished.Add(1, tags);
        RunDuration.Record((now - run.CreatedAt).TotalSeconds, tags);
    }

    private static KeyValuePair<string, object?> Kind(RunKind kind) => new("envorch.run.kind", kind.ToString());
}
