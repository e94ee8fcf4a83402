using System.Globalization;
using System.Text;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage;

/// <summary>
/// Table keys and blob names built from domain values. Table keys may not hold <c>/ \ # ?</c> or control characters,
/// so those are escaped as <c>%XX</c> (<c>%uXXXX</c> above U+00FF), together with <c>%</c> itself and <c>|</c>, our
/// separator inside composite keys; escaping is injective, so two values never share a key.
/// Project and environment names cannot hold any of these (see <see cref="ProjectName"/>), but idempotency keys and
/// step names can.
/// </summary>
internal static class StorageKeys
{
    private const char Separator = '|';

    public static string Escape(string value) => Escape(value, forBlob: false);

    /// <summary>A blob name segment: also escapes '.', so that no segment can be '.' or '..'.</summary>
    public static string EscapeBlobSegment(string value) => Escape(value, forBlob: true);

    public static string Partition(ProjectName project) => Escape(project.Value);

    public static string Row(EnvironmentName name) => Escape(name.Value);

    /// <summary>The runs partition of an environment: <c>{project}|{environment}</c>.</summary>
    public static string RunsPartition(EnvironmentId id) => Escape(id.Project.Value) + Separator + Escape(id.Name.Value);

    /// <summary>
    /// The row key of a run: the inverted creation ticks, so the newest run sorts first in its partition, then the
    /// id's random suffix. It is computed from the run id alone, so point reads need nothing else.
    /// </summary>
    public static string RunRow(RunId id) =>
        (DateTime.MaxValue.Ticks - id.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + id.Suffix;

    /// <summary>The blob folder of an environment's step logs: <c>{project}/{environment}/</c>.</summary>
    public static string LogFolder(EnvironmentId id) => id.Project.Value + "/" + id.Name.Value + "/";

    /// <summary>The blob folder of one run's step logs: <c>{project}/{environment}/{runId}/</c>.</summary>
    public static string RunLogFolder(EnvironmentId id, RunId run) => LogFolder(id) + run.Value + "/";

    public static string LogBlob(StepLogId log) => RunLogFolder(log.Environment, log.Run) + EscapeBlobSegment(log.StepName) + ".log";

    private static string Escape(string value, bool forBlob)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c is '/' or '\\' or '#' or '?' or '%' or Separator || char.IsControl(c) || (forBlob && c == '.');
            if (!escape)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(value, 0, i, value.Length + 16);
            builder.Append(c <= '\u00ff'
                ? string.Create(CultureInfo.InvariantCulture, $"%{(int)c:X2}")
                : string.Create(CultureInfo.InvariantCulture, $"%u{(int)c:X4}"));
        }

        return builder?.ToString() ?? value;
    }
}
