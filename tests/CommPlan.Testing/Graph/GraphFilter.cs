using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

/// <summary>
/// The part of OData $filter Graph honours on list items: fields/X eq|ne|lt|gt|le|ge literal, startswith(fields/X,'v'),
/// joined with and/or and parentheses. Names the fields it reads, so the server can demand that they are indexed.
/// </summary>
internal sealed class GraphFilter
{
    private readonly Func<JsonObject, bool> _test;

    private GraphFilter(Func<JsonObject, bool> test, IReadOnlyCollection<string> fields)
    {
        _test = test;
        Fields = fields;
    }

    public IReadOnlyCollection<string> Fields { get; }

    public bool Matches(JsonObject fields) => _test(fields);

    public static GraphFilter Parse(string text)
    {
        var parser = new Parser(text);
        var test = parser.Or();
        parser.SkipSpaces();
        if (!parser.AtEnd) throw Invalid(text);
        return new GraphFilter(test, parser.Fields);
    }

    private static GraphException Invalid(string text) => new(400, "invalidRequest", $"Invalid filter clause: '{text}'.");

    private sealed class Parser(string text)
    {
        private int _at;
        public HashSet<string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);
        public bool AtEnd => _at >= text.Length;

        public Func<JsonObject, bool> Or()
        {
            var left = And();
            while (Keyword("or"))
            {
                var (l, r) = (left, And());
                left = f => l(f) || r(f);
            }
            return left;
        }

        private Func<JsonObject, bool> And()
        {
            var left = Term();
            while (Keyword("and"))
            {
                var (l, r) = (left, Term());
                left = f => l(f) && r(f);
            }
            return left;
        }

        private Func<JsonObject, bool> Term()
        {
            SkipSpaces();
            if (Take("("))
            {
                var inner = Or();
                if (!Take(")")) throw Invalid(text);
                return inner;
            }
            if (Keyword("not"))
            {
                var inner = Term();
                return f => !inner(f);
            }
            if (Take("startswith("))
            {
                var field = Field();
                if (!Take(",")) throw Invalid(text);
                var prefix = Literal();
                if (!Take(")")) throw Invalid(text);
                return f => Text(f[field]) is { } value && prefix is string p && value.StartsWith(p, StringComparison.OrdinalIgnoreCase);
            }
            var name = Field();
            SkipSpaces();
            var op = Word();
            var literal = Literal();
            return op switch
            {
                "eq" => f => Compare(f[name], literal) == 0,
                "ne" => f => Compare(f[name], literal) != 0,
                "lt" => f => Compare(f[name], literal) is < 0 and not int.MinValue,
                "le" => f => Compare(f[name], literal) is <= 0 and not int.MinValue,
                "gt" => f => Compare(f[name], literal) is > 0 and not int.MaxValue,
                "ge" => f => Compare(f[name], literal) is >= 0 and not int.MaxValue,
                _ => throw Invalid(text),
            };
        }

        private string Field()
        {
            SkipSpaces();
            if (!Take("fields/"))
                throw new GraphException(400, "invalidRequest", $"Only fields/<name> can be filtered on list items: '{text}'.");
            var name = Word();
            Fields.Add(name);
            return name;
        }

        private object? Literal()
        {
            SkipSpaces();
            if (Take("'"))
            {
                var value = new System.Text.StringBuilder();
                while (true)
                {
                    if (AtEnd) throw Invalid(text);
                    if (text[_at] == '\'')
                    {
                        if (_at + 1 < text.Length && text[_at + 1] == '\'')
                        {
                            value.Append('\'');
                            _at += 2;
                            continue;
                        }
                        _at++;
                        return value.ToString();
                    }
                    value.Append(text[_at++]);
                }
            }
            var word = Word();
            return word switch
            {
                "null" => null,
                "true" => true,
                "false" => false,
                _ when decimal.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
                _ => word, // a bare date-time literal
            };
        }

        private string Word()
        {
            SkipSpaces();
            var start = _at;
            while (!AtEnd && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or ':' or '.' or '+')) _at++;
            if (_at == start) throw Invalid(text);
            return text[start.._at];
        }

        private bool Keyword(string word)
        {
            SkipSpaces();
            if (string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
            var end = _at + word.Length;
            if (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '(') return false;
            _at = end;
            return true;
        }

        private bool Take(string token)
        {
            SkipSpaces();
            if (string.Compare(text, _at, token, 0, token.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
            _at += token.Length;
            return true;
        }

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_at])) _at++;
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>Orders a stored value against a literal; a missing value sorts below everything and equals only null.</summary>
    private static int Compare(JsonNode? stored, object? literal)
    {
        if (stored is null || stored.GetValueKind() == JsonValueKind.Null) return literal is null ? 0 : int.MinValue;
        if (literal is null) return int.MaxValue;
        if (stored is JsonArray array)
            return array.Any(e => Compare(e, literal) == 0) ? 0 : 1;
        switch (literal)
        {
            case bool b:
                return stored.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? (stored.GetValue<bool>() == b ? 0 : 1)
                    : string.Compare(Text(stored), b ? "1" : "0", StringComparison.Ordinal) == 0 ? 0 : 1;
            case decimal n:
                var text = Text(stored);
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value.CompareTo(n) : 1;
            default:
                var s = (string)literal;
                var storedText = Text(stored)!;
                if (DateTimeOffset.TryParse(storedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var storedAt)
                    && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var literalAt)
                    && storedText.Length >= 10 && s.Length >= 10)
                    return storedAt.CompareTo(literalAt);
                return string.Compare(storedText, s, StringComparison.OrdinalIgnoreCase);
        }
    }
}
