using CommPlan.Host.Bot;

namespace CommPlan.Host.Tests.Bot;

/// <summary>The one list of commands that the help card and the Teams app manifest read.</summary>
public sealed class BotCommandRegistryTests
{
    [Fact]
    public void Every_command_type_is_listed_with_a_title_and_description_that_fit_the_manifest_in_every_language()
    {
        Assert.Equal(["MyActivities", "Plan", "PressRelease", "ApprovalConversation", "Help"], BotCommandRegistry.Commands.Select(c => c.Name));
        foreach (var culture in BotCommandRegistry.Cultures)
        {
            foreach (var command in BotCommandRegistry.Commands)
            {
                Assert.InRange(command.Title(culture).Length, 1, 32);
                Assert.InRange(command.Description(culture).Length, 1, 128);
            }
        }
    }

    [Fact]
    public void No_word_calls_two_commands()
    {
        var words = BotCommandRegistry.Commands
            .SelectMany(c => BotCommandRegistry.Cultures.SelectMany(c.Words).Distinct().Select(w => (Word: w, c.Name)))
            .GroupBy(x => x.Word).Where(g => g.Select(x => x.Name).Distinct().Count() > 1).Select(g => g.Key);
        Assert.Empty(words);
    }

    [Theory]
    [InlineData("mina aktiviteter", "MyActivities", "")]
    [InlineData("<at>Plan</at> Plan status kultur", "Plan", "kultur")]
    [InlineData("hjelp", "Help", "")]
    public void A_typed_text_finds_its_command_and_argument_in_any_language(string text, string command, string argument)
    {
        var (handler, request) = BotCommandRegistry.Match(text);
        Assert.Equal(command, BotCommandRegistry.Commands.Single(c => handler.Name.StartsWith(c.Name, StringComparison.Ordinal)).Name);
        Assert.Equal(argument, request.Argument);
        Assert.True(request.Understood);
    }

    [Fact]
    public void Text_no_command_understands_goes_to_the_help_marked_not_understood()
    {
        var (handler, request) = BotCommandRegistry.Match("boom");
        Assert.Equal("HelpCommand", handler.Name);
        Assert.False(request.Understood);
    }
}
