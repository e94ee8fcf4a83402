namespace EnvOrchestrator.Core.Catalog;

/// <summary>What a developer creating an environment may do with an environment template input.</summary>
public enum OverrideRule
{
    /// <summary>Any value that passes the input's constraints.</summary>
    Allowed,

    /// <summary>Only a value from the input's <c>allowed</c> list.</summary>
    Restricted,

    /// <summary>The template's default is used; the developer cannot change it.</summary>
    NotAllowed,
}
