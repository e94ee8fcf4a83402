namespace EnvOrchestrator.Lifecycle.Orchestrations;

/// <summary>
/// Decides which resources may start: a resource starts as soon as everything it waits for has succeeded, not when
/// a whole wave is done; when something it waits for failed (or was skipped), it is skipped. Pure and
/// deterministic (declaration order), so it is safe inside an orchestrator.
/// </summary>
internal sealed class DependencyScheduler(IReadOnlyList<PlannedResource> resources)
{
    private readonly Dictionary<string, bool> _finished = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly List<string> _skipped = [];

    public IReadOnlyList<string> Skipped => _skipped;

    public IEnumerable<string> NotStarted => resources.Select(r => r.Name).Where(n => !_started.Contains(n));

    public void Finish(string resource, bool succeeded) => _finished[resource] = succeeded;

    /// <summary>Marks newly blocked resources skipped and returns the ones that may start now.</summary>
    public IReadOnlyList<string> NextReady()
    {
        var ready = new List<string>();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var resource in resources)
            {
                if (_started.Contains(resource.Name))
                {
                    continue;
                }

                var waits = resource.After.Where(a => resources.Any(r => r.Name == a)).ToList();
                if (waits.Any(a => _finished.TryGetValue(a, out var ok) && !ok))
                {
                    // Blocked for good: counts as failed so that what waits for it is skipped too.
                    _started.Add(resource.Name);
                    _skipped.Add(resource.Name);
                    _finished[resource.Name] = false;
                    changed = true;
                }
                else if (waits.All(a => _finished.TryGetValue(a, out var ok) && ok))
                {
                    _started.Add(resource.Name);
                    ready.Add(resource.Name);
                }
            }
        }

        return ready;
    }
}
