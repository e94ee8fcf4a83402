namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// TTL caps set by the platform (<c>Lifecycle:Ttl</c> for the organisation, <c>Lifecycle:Projects:{project}:Ttl</c>
/// for one project). Each cap combines with the template's own and the strictest wins (see <see cref="LifetimeCaps"/>);
/// unset means "no cap from here".
/// </summary>
public sealed class TtlLimitOptions
{
    /// <summary>The TTL of a create that names none (the shortest of the template's and these defaults).</summary>
    public TimeSpan? Default { get; set; }

    /// <summary>The longest TTL a create may ask for.</summary>
    public TimeSpan? Maximum { get; set; }

    /// <summary>The longest single extension.</summary>
    public TimeSpan? MaxExtension { get; set; }

    /// <summary>How many extensions an environment may have.</summary>
    public int? MaxExtensions { get; set; }

    /// <summary>The longest an environment may live, creation to expiry, extensions included.</summary>
    public TimeSpan? MaxTotalLifetime { get; set; }
}

/// <summary>
/// How many environments that are not destroyed a project may hold (<c>Lifecycle:Quotas</c>, or
/// <c>Lifecycle:Projects:{project}:Quotas</c>, which replaces the organisation's value for that project: a large team
/// may get more). Unset means unlimited.
/// </summary>
public sealed class QuotaOptions
{
    public int? EnvironmentsPerProject { get; set; }

    /// <summary>Per user (the creator) within one project.</summary>
    public int? EnvironmentsPerUser { get; set; }
}

/// <summary>One project's overrides (<c>Lifecycle:Projects:{project}</c>).</summary>
public sealed class ProjectLimitOptions
{
    public TtlLimitOptions Ttl { get; set; } = new();

    public QuotaOptions Quotas { get; set; } = new();
}
