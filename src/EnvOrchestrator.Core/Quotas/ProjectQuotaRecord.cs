using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Quotas;

/// <summary>
/// The quota slots of one project: every environment that counts against its quotas, one claim per name. It is one
/// record so that a create can check the project's and its owner's counts and take a slot in one optimistic write
/// (<see cref="Version"/>): of two creates racing for the last slot, the second write finds the version changed.
/// </summary>
public sealed record ProjectQuotaRecord
{
    public required ProjectName Project { get; init; }

    /// <summary>The claims in the order they were taken.</summary>
    public ImmutableArray<QuotaClaim> Claims { get; init; } = [];

    /// <summary>The stored version (ETag); null before the record is stored.</summary>
    public string? Version { get; init; }

    public QuotaClaim? Find(EnvironmentName name) => Claims.FirstOrDefault(c => c.Name == name);

    public int CountOwnedBy(string owner) => Claims.Count(c => string.Equals(c.Owner, owner, StringComparison.Ordinal));

    /// <summary>This record with <paramref name="claim"/> taking the slot of its name (a claim of the same name is replaced in place).</summary>
    public ProjectQuotaRecord With(QuotaClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var index = Claims.IndexOf(Find(claim.Name)!);
        return this with { Claims = index >= 0 ? Claims.SetItem(index, claim) : Claims.Add(claim) };
    }

    /// <summary>This record without the claims of <paramref name="names"/>.</summary>
    public ProjectQuotaRecord Without(IReadOnlyCollection<EnvironmentName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return this with { Claims = Claims.RemoveAll(c => names.Contains(c.Name)) };
    }
}
