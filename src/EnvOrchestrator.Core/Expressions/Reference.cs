using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>What a reference points at.</summary>
public enum ReferenceRoot
{
    /// <summary><c>inputs.NAME</c>: an input of the environment.</summary>
    Input,

    /// <summary><c>resources.RESOURCE.outputs.NAME</c>: an output of another resource of the environment.</summary>
    ResourceOutput,

    /// <summary><c>environment.name</c>.</summary>
    Environment,

    /// <summary><c>project.name</c>.</summary>
    Project,
}

/// <summary>A step into a nested value after the reference's name: <c>.key</c>, <c>["key"]</c> or <c>[0]</c>.</summary>
public sealed record Accessor(string? Key, int? Index)
{
    public override string ToString() => Key is not null ? "." + Key : "[" + Index!.Value.ToString(CultureInfo.InvariantCulture) + "]";
}

/// <summary>A parsed <c>${...}</c> reference.</summary>
public sealed record Reference(ReferenceRoot Root, string? Resource, string Name)
{
    public ImmutableArray<Accessor> Accessors { get; init; } = [];

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Root switch
        {
            ReferenceRoot.Input => "inputs." + Name,
            ReferenceRoot.ResourceOutput => $"resources.{Resource}.outputs.{Name}",
            ReferenceRoot.Environment => "environment." + Name,
            _ => "project." + Name,
        });
        foreach (var accessor in Accessors)
        {
            text.Append(accessor);
        }

        return text.ToString();
    }
}
