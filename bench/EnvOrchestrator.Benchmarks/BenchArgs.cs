using System.Globalization;

namespace EnvOrchestrator.Benchmarks;

/// <summary>Command-line options of a suite (<c>--name value</c>, <c>--flag</c>) and its <c>metric value</c> output.</summary>
internal static class BenchArgs
{
    public static int Int(IReadOnlyList<string> args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static double Double(IReadOnlyList<string> args, string name, double fallback) =>
        Text(args, name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary><c>--name on|off|true|false</c>.</summary>
    public static bool Bool(IReadOnlyList<string> args, string name, bool fallback) =>
        Text(args, name) switch
        {
            null => fallback,
            "on" or "true" or "1" => true,
            "off" or "false" or "0" => false,
            var other => throw new ArgumentException($"{name} takes on or off, not '{other}'."),
        };

    public static string? Text(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public static bool Flag(IReadOnlyList<string> args, string name) => args.Contains(name);

    public static void Print(string metric, double value, string format = "0.##") =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value.ToString(format, CultureInfo.InvariantCulture)}"));

    public static void Print(string metric, string value) => Console.WriteLine($"{metric} {value}");

    /// <summary>The 1-minute load average (Linux), for the figures' context.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The folder holding EnvOrchestrator.sln above the running benchmark.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnvOrchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EnvOrchestrator.sln was not found above " + AppContext.BaseDirectory);
    }
}
