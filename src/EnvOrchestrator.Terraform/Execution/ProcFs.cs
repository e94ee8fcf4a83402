using System.Globalization;
using System.Text;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>One line of <c>/proc/{pid}/stat</c>: what the runner needs to know about a process it may not have started.</summary>
/// <param name="StartTime">Clock ticks after boot (field 22): with the id, it names one process even after the id is reused.</param>
internal readonly record struct ProcessStat(int ProcessId, char State, int ParentId, int GroupId, long StartTime)
{
    /// <summary>A zombie has exited already: only its exit status waits to be collected.</summary>
    public bool HasExited => State is 'Z' or 'X' or 'x';
}

/// <summary>Reads Linux <c>/proc</c>. Every method answers "nothing" where there is no /proc (macOS, Windows).</summary>
internal static class ProcFs
{
    private const string Root = "/proc";

    public static bool IsAvailable { get; } = File.Exists("/proc/self/stat");

    public static ProcessStat? Read(int processId)
    {
        if (!IsAvailable || processId <= 0)
        {
            return null;
        }

        try
        {
            return Parse(processId, File.ReadAllText(Path.Combine(Root, processId.ToString(CultureInfo.InvariantCulture), "stat")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Live processes whose initial environment holds <paramref name="entry"/> (<c>NAME=value</c>): Terraform and every
    /// provisioner child it started, whatever group they ended up in.
    /// </summary>
    public static IReadOnlyList<ProcessStat> WithEnvironmentEntry(string entry)
    {
        var found = new List<ProcessStat>();
        if (!IsAvailable)
        {
            return found;
        }

        var needle = Encoding.UTF8.GetBytes(entry + "\0");
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var processId) || processId == Environment.ProcessId)
            {
                continue;
            }

            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (ContainsEntry(environment, needle) && Read(processId) is { HasExited: false } stat)
            {
                found.Add(stat);
            }
        }

        return found;
    }

    private static bool ContainsEntry(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> needle)
    {
        // Entries are NUL-terminated; a match must start an entry.
        for (var start = 0; start < environment.Length;)
        {
            var rest = environment[start..];
            if (rest.StartsWith(needle))
            {
                return true;
            }

            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                return false;
            }

            start += end + 1;
        }

        return false;
    }

    private static ProcessStat Parse(int processId, string stat)
    {
        // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        //  priority nice num_threads itrealvalue starttime ..." — comm may hold spaces and parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcessStat(
            processId,
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}

/// <summary>A process named by its id and start time, so that a reused id is not taken for the process recorded.</summary>
internal readonly record struct ProcessIdentity(int ProcessId, long StartTime)
{
    /// <summary>This process.</summary>
    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId) ?? new ProcessIdentity(Environment.ProcessId, 0);

    /// <summary>The live process with this id now, or null.</summary>
    public static ProcessIdentity? Of(int processId) =>
        ProcFs.Read(processId) is { HasExited: false } stat ? new ProcessIdentity(processId, stat.StartTime) : null;

    /// <summary>
    /// True while the very process recorded runs (a zombie does not count). Without /proc only the id is checked.
    /// </summary>
    public bool IsAlive()
    {
        if (!ProcFs.IsAvailable)
        {
            return ProcessSignals.Exists(ProcessId);
        }

        return ProcFs.Read(ProcessId) is { HasExited: false } stat && stat.StartTime == StartTime;
    }
}
