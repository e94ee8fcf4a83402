using System.Globalization;

namespace EnvOrchestrator.Core.Environments.InMemory;

/// <summary>Version tokens for the in-memory stores: opaque like ETags, and never reused within a process.</summary>
internal static class InMemoryVersions
{
    private static long _last;

    public static string Next() => "\"" + Interlocked.Increment(ref _last).ToString(CultureInfo.InvariantCulture) + "\"";
}
