using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Teams.Cards;

namespace CommPlan.Teams.Tests.Cards;

public class CardJsonTests
{
    private static JsonObject Json(CardElement element) =>
        JsonSerializer.SerializeToNode(element, CardJson.Options)!.AsObject();

    private static JsonObject Json(CardAction action) =>
        JsonSerializer.SerializeToNode(action, CardJson.Options)!.AsObject();

    private static string FirstName(JsonObject json) => json.First().Key;

    [Fact]
    public void A_card_names_its_type_schema_and_version_and_leaves_out_what_is_not_set()
    {
        var json = JsonNode.Parse(new AdaptiveCard { Body = [new TextBlock("Hello")] }.ToJson())!.AsObject();

        Assert.Equal(["type", "$schema", "version", "body"], json.Select(p => p.Key));
        Assert.Equal("AdaptiveCard", (string?)json["type"]);
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)json["$schema"]);
        Assert.Equal("1.5", (string?)json["version"]);
        Assert.Equal("""{"type":"TextBlock","text":"Hello"}""", json["body"]![0]!.ToJsonString());
    }

    [Fact]
    public void A_card_writes_its_card_wide_settings()
    {
        var card = new AdaptiveCard
        {
            FallbackText = "Plan", Speak = "Plan", Lang = "sv", MsTeams = new(TeamsCardWidth.Full),
            Actions = [new OpenUrlAction(new Uri("https://example.org/plan")) { Title = "Open" }],
            Refresh = new(new ExecuteAction("refresh"), ["29:a", "29:b"]),
        };

        var json = card.ToJsonElement();

        Assert.Equal("Plan", json.GetProperty("fallbackText").GetString());
        Assert.Equal("Plan", json.GetProperty("speak").GetString());
        Assert.Equal("sv", json.GetProperty("lang").GetString());
        Assert.Equal("""{"width":"Full"}""", json.GetProperty("msteams").GetRawText());
        Assert.Equal("""{"type":"Action.OpenUrl","url":"https://example.org/plan","title":"Open"}""",
            json.GetProperty("actions")[0].GetRawText());
        Assert.Equal("""{"action":{"type":"Action.Execute","verb":"refresh"},"userIds":["29:a","29:b"]}""",
            json.GetProperty("refresh").GetRawText());
    }

    [Fact]
    public void Letters_beyond_ascii_are_written_as_they_are()
    {
        var json = new AdaptiveCard { Body = [new TextBlock("Pressmeddelande: åäö ÅÄÖ æøå")] }.ToJson();

        Assert.Contains(""""text":"Pressmeddelande: åäö ÅÄÖ æøå"""", json);
    }

    [Fact]
    public void A_card_becomes_an_adaptive_card_attachment()
    {
        var attachment = new AdaptiveCard { Body = [new TextBlock("Hi")] }.ToAttachment();

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("AdaptiveCard", attachment.Content!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public void A_refresh_takes_at_most_sixty_users()
    {
        var sixty = Enumerable.Range(1, 60).Select(i => $"29:{i}").ToArray();
        var refresh = new CardRefresh(new ExecuteAction("refresh"), sixty);
        Assert.Equal(60, refresh.UserIds!.Count);

        var sixtyOne = sixty.Append("29:61").ToArray();
        Assert.Throws<ArgumentException>(() => new CardRefresh(new ExecuteAction("refresh"), sixtyOne));
        Assert.Throws<ArgumentException>(() => refresh with { UserIds = sixtyOne });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_execute_action_needs_a_verb(string? verb)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ExecuteAction(verb!));
        Assert.ThrowsAny<ArgumentException>(() => new ExecuteAction("approve") with { Verb = verb! });
    }

    [Fact]
    public void A_text_block_writes_its_type_first_and_enums_as_schema_strings()
    {
        var json = Json(new TextBlock("Plan")
        {
            Id = "t", Wrap = true, Weight = TextWeight.Bolder, Size = TextSize.ExtraLarge, Color = TextColor.Attention,
            IsSubtle = true, Spacing = Spacing.ExtraLarge, Separator = true, IsVisible = false,
            HorizontalAlignment = HorizontalAlignment.Center, MaxLines = 2, Style = TextBlockStyle.Heading,
        });

        Assert.Equal("type", FirstName(json));
        Assert.Equal("TextBlock", (string?)json["type"]);
        Assert.Equal("bolder", (string?)json["weight"]);
        Assert.Equal("extraLarge", (string?)json["size"]);
        Assert.Equal("attention", (string?)json["color"]);
        Assert.Equal("extraLarge", (string?)json["spacing"]);
        Assert.Equal("center", (string?)json["horizontalAlignment"]);
        Assert.Equal("heading", (string?)json["style"]);
        Assert.Equal(2, (int?)json["maxLines"]);
        Assert.True((bool?)json["wrap"]);
        Assert.True((bool?)json["isSubtle"]);
        Assert.True((bool?)json["separator"]);
        Assert.False((bool?)json["isVisible"]);
        Assert.Equal("t", (string?)json["id"]);
    }

    [Fact]
    public void An_element_with_only_its_required_values_writes_nothing_else()
    {
        Assert.Equal("""{"type":"TextBlock","text":"x"}""", Json(new TextBlock("x")).ToJsonString());
        Assert.Equal("""{"type":"Image","url":"https://example.org/a.png"}""",
            Json(new Image("https://example.org/a.png")).ToJsonString());
        Assert.Equal("""{"type":"Input.Text","id":"name"}""", Json(new TextInput("name")).ToJsonString());
        Assert.Equal("""{"type":"Action.Submit"}""", Json(new SubmitAction()).ToJsonString());
    }

    [Fact]
    public void A_rich_text_block_writes_typed_runs()
    {
        var json = Json(new RichTextBlock([
            new TextRun("Late") { Weight = TextWeight.Bolder, Italic = true, Strikethrough = true, Highlight = true,
                Color = TextColor.Warning, SelectAction = new OpenUrlAction(new Uri("https://example.org/")) },
            new TextRun(" since Monday"),
        ]));

        Assert.Equal("RichTextBlock", (string?)json["type"]);
        Assert.Equal(
            """[{"type":"TextRun","text":"Late","weight":"bolder","italic":true,"strikethrough":true,"highlight":true,"color":"warning","selectAction":{"type":"Action.OpenUrl","url":"https://example.org/"}},{"type":"TextRun","text":" since Monday"}]""",
            json["inlines"]!.ToJsonString());
    }

    [Fact]
    public void A_fact_set_writes_titles_and_values()
    {
        Assert.Equal("""{"type":"FactSet","facts":[{"title":"Owner","value":"Anna"}]}""",
            Json(new FactSet([new Fact("Owner", "Anna")])).ToJsonString());
    }

    [Fact]
    public void A_column_set_writes_columns_with_keyword_weighted_and_pixel_widths()
    {
        var json = Json(new ColumnSet([
            new Column([new TextBlock("a")]) { Width = ColumnWidth.Auto, VerticalContentAlignment = VerticalAlignment.Center },
            new Column([new TextBlock("b")]) { Width = ColumnWidth.Stretch, SelectAction = new SubmitAction() },
            new Column([new TextBlock("c")]) { Width = ColumnWidth.Weighted(2) },
            new Column([new TextBlock("d")]) { Width = ColumnWidth.Pixels(50) },
        ]));

        var columns = json["columns"]!.AsArray();
        Assert.All(columns, c => Assert.Equal("Column", (string?)c!["type"]));
        Assert.Equal("type", FirstName(columns[0]!.AsObject()));
        Assert.Equal("auto", (string?)columns[0]!["width"]);
        Assert.Equal("center", (string?)columns[0]!["verticalContentAlignment"]);
        Assert.Equal("stretch", (string?)columns[1]!["width"]);
        Assert.Equal("Action.Submit", (string?)columns[1]!["selectAction"]!["type"]);
        Assert.Equal(2, (int?)columns[2]!["width"]);
        Assert.Equal("50px", (string?)columns[3]!["width"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnWidth.Weighted(0));
    }

    [Fact]
    public void A_column_width_reads_back_what_it_writes()
    {
        foreach (var width in new[] { ColumnWidth.Auto, ColumnWidth.Stretch, ColumnWidth.Weighted(3), ColumnWidth.Pixels(40) })
            Assert.Equal(width, JsonSerializer.Deserialize<ColumnWidth>(JsonSerializer.Serialize(width, CardJson.Options), CardJson.Options));
    }

    [Theory]
    [InlineData(ContainerStyle.Default, "default")]
    [InlineData(ContainerStyle.Emphasis, "emphasis")]
    [InlineData(ContainerStyle.Good, "good")]
    [InlineData(ContainerStyle.Attention, "attention")]
    [InlineData(ContainerStyle.Warning, "warning")]
    [InlineData(ContainerStyle.Accent, "accent")]
    public void A_container_writes_its_style(ContainerStyle style, string expected)
    {
        var json = Json(new Container([new TextBlock("x")]) { Style = style, Bleed = true, SelectAction = new SubmitAction() });

        Assert.Equal("Container", (string?)json["type"]);
        Assert.Equal(expected, (string?)json["style"]);
        Assert.True((bool?)json["bleed"]);
        Assert.Equal("TextBlock", (string?)json["items"]![0]!["type"]);
    }

    [Theory]
    [InlineData(Spacing.None, "none")]
    [InlineData(Spacing.Small, "small")]
    [InlineData(Spacing.Default, "default")]
    [InlineData(Spacing.Medium, "medium")]
    [InlineData(Spacing.Large, "large")]
    [InlineData(Spacing.ExtraLarge, "extraLarge")]
    [InlineData(Spacing.Padding, "padding")]
    public void Spacing_is_written_as_the_schema_names_it(Spacing spacing, string expected)
    {
        Assert.Equal(expected, (string?)Json(new TextBlock("x") { Spacing = spacing })["spacing"]);
    }

    [Fact]
    public void An_image_writes_size_and_style()
    {
        var json = Json(new Image("https://example.org/a.png") { AltText = "Logo", Size = ImageSize.Small, Style = ImageStyle.Person });

        Assert.Equal("""{"type":"Image","url":"https://example.org/a.png","altText":"Logo","size":"small","style":"person"}""",
            json.ToJsonString());
    }

    [Fact]
    public void A_text_input_writes_its_type_and_settings()
    {
        var json = Json(new TextInput("title")
        {
            Label = "Title", Placeholder = "Name the activity", IsMultiline = true, MaxLength = 200, IsRequired = true,
            ErrorMessage = "Give a title", Value = "Press", Regex = "^.{1,200}$",
        });

        Assert.Equal(
            """{"type":"Input.Text","id":"title","placeholder":"Name the activity","isMultiline":true,"maxLength":200,"value":"Press","regex":"^.{1,200}$","label":"Title","isRequired":true,"errorMessage":"Give a title"}""",
            json.ToJsonString());
    }

    [Fact]
    public void An_input_needs_an_id()
    {
        Assert.ThrowsAny<ArgumentException>(() => new TextInput(""));
    }

    [Fact]
    public void A_number_input_writes_numbers()
    {
        Assert.Equal("""{"type":"Input.Number","id":"n","min":0,"max":10.5,"value":3}""",
            Json(new NumberInput("n") { Min = 0, Max = 10.5, Value = 3 }).ToJsonString());
    }

    [Fact]
    public void A_date_input_writes_iso_dates()
    {
        Assert.Equal("""{"type":"Input.Date","id":"d","value":"2026-03-05","min":"2026-01-01","max":"2026-12-31"}""",
            Json(new DateInput("d") { Value = new(2026, 3, 5), Min = new(2026, 1, 1), Max = new(2026, 12, 31) }).ToJsonString());
    }

    [Theory]
    [InlineData(ChoiceInputStyle.Compact, "compact")]
    [InlineData(ChoiceInputStyle.Expanded, "expanded")]
    [InlineData(ChoiceInputStyle.Filtered, "filtered")]
    public void A_choice_set_writes_choices_and_style(ChoiceInputStyle style, string expected)
    {
        var json = Json(new ChoiceSetInput("channel", [new Choice("Web", "web"), new Choice("Press", "press")])
        {
            Style = style, IsMultiSelect = true, Value = "web,press",
        });

        Assert.Equal("Input.ChoiceSet", (string?)json["type"]);
        Assert.Equal(expected, (string?)json["style"]);
        Assert.Equal("""[{"title":"Web","value":"web"},{"title":"Press","value":"press"}]""", json["choices"]!.ToJsonString());
        Assert.True((bool?)json["isMultiSelect"]);
        Assert.Equal("web,press", (string?)json["value"]);
    }

    [Fact]
    public void A_toggle_writes_its_title_and_values()
    {
        Assert.Equal("""{"type":"Input.Toggle","id":"done","title":"Done","value":"yes","valueOn":"yes","valueOff":"no"}""",
            Json(new ToggleInput("done", "Done") { Value = "yes", ValueOn = "yes", ValueOff = "no" }).ToJsonString());
    }

    [Fact]
    public void An_execute_action_writes_verb_data_and_settings()
    {
        var json = Json(new ExecuteAction("approve")
        {
            Id = "a", Title = "Approve", Style = ActionStyle.Positive, AssociatedInputs = AssociatedInputs.None,
            IsEnabled = false, Tooltip = "Approve the press release", Data = new JsonObject { ["activityId"] = 7 },
        });

        Assert.Equal(
            """{"type":"Action.Execute","id":"a","verb":"approve","data":{"activityId":7},"associatedInputs":"none","title":"Approve","style":"positive","isEnabled":false,"tooltip":"Approve the press release"}""",
            json.ToJsonString());
    }

    [Fact]
    public void Action_data_may_be_an_element_or_any_object()
    {
        var fromElement = Json(new ExecuteAction("x") { Data = JsonDocument.Parse("""{"Keep":"as is"}""").RootElement });
        var fromObject = Json(new SubmitAction { Data = new { ActivityId = 7 }, AssociatedInputs = AssociatedInputs.Auto, Style = ActionStyle.Destructive });

        Assert.Equal("""{"Keep":"as is"}""", fromElement["data"]!.ToJsonString());
        Assert.Equal("""{"type":"Action.Submit","data":{"activityId":7},"associatedInputs":"auto","style":"destructive"}""",
            fromObject.ToJsonString());
    }

    [Fact]
    public void A_show_card_action_carries_a_card()
    {
        var json = Json(new ShowCardAction(new AdaptiveCard { Body = [new TextInput("comment")] }) { Title = "Comment" });

        Assert.Equal("Action.ShowCard", (string?)json["type"]);
        Assert.Equal("AdaptiveCard", (string?)json["card"]!["type"]);
        Assert.Equal("Input.Text", (string?)json["card"]!["body"]![0]!["type"]);
        Assert.Equal("Comment", (string?)json["title"]);
    }
}
