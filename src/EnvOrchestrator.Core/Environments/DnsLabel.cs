namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// The naming rule shared by projects and environments: 2–40 characters of lower-case ASCII letters, digits and
/// '-', starting with a letter and not ending with '-'.
/// </summary>
/// <remarks>
/// The names end up in Terraform state addresses, resource names made by templates (<c>${environment.name}</c>),
/// table keys and blob paths, and URLs. A DNS-label-like rule keeps them valid in all of those without escaping,
/// and makes names case-insensitive by forbidding upper case rather than by folding it.
/// </remarks>
internal static class DnsLabel
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    public static string? Problem(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return $"The {what} name is required.";
        }

        if (text.Length is < MinLength or > MaxLength)
        {
            return $"The {what} name must be {MinLength}–{MaxLength} characters long.";
        }

        if (!char.IsAsciiLetterLower(text[0]))
        {
            return $"The {what} name must start with a lower-case letter.";
        }

        if (text[^1] == '-')
        {
            return $"The {what} name must not end with '-'.";
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return $"The {what} name may only hold lower-case letters, digits and '-'.";
            }
        }

        return null;
    }
}
