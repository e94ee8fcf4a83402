using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EnvOrchestrator.Terraform;

/// <summary>
/// The runner's traces and metrics, as BCL <see cref="ActivitySource"/> and <see cref="Meter"/>: a host that wants them
/// subscribes by name (OpenTelemetry <c>AddSource</c>/<c>AddMeter</c>); without a listener they cost nothing.
/// </summary>
public static class TerraformTelemetry
{
    public const string Name = "EnvOrchestrator.Terraform";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "envorch.terraform.command.duration", "s", "How long one Terraform command ran, by command and outcome.");

    /// <summary>A span for one Terraform command, carrying the caller's <c>envorch.*</c> attributes (environment, project, resource, run).</summary>
    internal static Activity? StartCommand(string command)
    {
        var parent = Activity.Current;
        var activity = Source.StartActivity($"terraform {command}", ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("terraform.command", command);
        foreach (var (key, value) in parent?.TagObjects ?? [])
        {
            if (key.StartsWith("envorch.", StringComparison.Ordinal))
            {
                activity.SetTag(key, value);
            }
        }

        return activity;
    }

    internal static void EndCommand(Activity? activity, string command, string outcome, int exitCode, TimeSpan elapsed)
    {
        CommandDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("terraform.command", command), new KeyValuePair<string, object?>("outcome", outcome));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("terraform.exit_code", exitCode);
        activity.SetTag("terraform.outcome", outcome);
        activity.SetStatus(outcome == "succeeded" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "succeeded" ? null : outcome);
    }
}
