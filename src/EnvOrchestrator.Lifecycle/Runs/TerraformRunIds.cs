using System.Globalization;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// The Terraform run id of each attempt of a step, which names its run folder; without the attempt, the prefix that
/// finds every attempt's folder when an interrupted step is taken over.
/// </summary>
internal static class TerraformRunIds
{
    public static string Apply(RunId run, string resource, int? attempt = null) => WithAttempt($"{run.Value}-{resource}-apply", attempt);

    public static string Destroy(RunId run, string resource, int? attempt = null) => WithAttempt($"{run.Value}-{resource}-destroy", attempt);

    private static string WithAttempt(string prefix, int? attempt) =>
        attempt is { } n ? string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}") : prefix;
}
