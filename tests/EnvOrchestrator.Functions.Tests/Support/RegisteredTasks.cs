using System.Reflection;
using Microsoft.DurableTask;

namespace EnvOrchestrator.Functions.Tests.Support;

/// <summary>
/// The task names a Durable Task registry holds. The SDK keeps its registrations internal, as (task name, factory)
/// pairs; reading them is the only way to see what a worker will create by name.
/// </summary>
internal static class RegisteredTasks
{
    public static List<string> Orchestrators(DurableTaskRegistry registry) => Names(registry, "Orchestrators");

    public static List<string> Activities(DurableTaskRegistry registry) => Names(registry, "Activities");

    private static List<string> Names(DurableTaskRegistry registry, string property)
    {
        var pairs = typeof(DurableTaskRegistry).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(registry) as System.Collections.IEnumerable;
        Assert.NotNull(pairs);
        return [.. pairs.Cast<object>().Select(p => ((TaskName)p.GetType().GetProperty("Key")!.GetValue(p)!).Name).Order(StringComparer.Ordinal)];
    }
}
