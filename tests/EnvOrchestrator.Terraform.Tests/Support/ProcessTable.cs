namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>Reads /proc to find processes that are still alive (zombies do not count: they are already dead).</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<int> LiveMembersOfGroup(int processGroupId) =>
        Processes().Where(p => p.Group == processGroupId).Select(p => p.Id).ToList();

    public static IReadOnlyList<int> LiveWithCommandLine(string marker) =>
        Processes().Where(p => p.CommandLine.Contains(marker, StringComparison.Ordinal)).Select(p => p.Id).ToList();

    /// <summary>Processes with an environment entry starting with <paramref name="prefix"/> (e.g. a run directory marker).</summary>
    public static IReadOnlyList<int> LiveWithEnvironmentPrefix(string prefix)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(prefix);
        var found = new List<int>();
        foreach (var (id, _, _) in Processes())
        {
            try
            {
                var environment = File.ReadAllBytes(Path.Combine("/proc", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "environ"));
                if (environment.AsSpan().IndexOf(needle) is var at && at >= 0 && (at == 0 || environment[at - 1] == 0))
                {
                    found.Add(id);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public static int GroupOf(int processId) => Processes().FirstOrDefault(p => p.Id == processId).Group;

    /// <summary>
    /// Waits for the kernel to finish tearing processes down. The 10 s limit is generous for a loaded box yet well
    /// below the 26 s and more the tests' leaked children would live, so a leak still fails.
    /// </summary>
    public static async Task<bool> NoneAliveAsync(Func<IReadOnlyList<int>> query)
    {
        for (var i = 0; i < 200; i++)
        {
            if (query().Count == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static IEnumerable<(int Id, int Group, string CommandLine)> Processes()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id))
            {
                continue;
            }

            string stat;
            string commandLine;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // Fields after "(comm)": state ppid pgrp ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" || fields[0] == "X")
            {
                continue;
            }

            yield return (id, int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), commandLine);
        }
    }
}
