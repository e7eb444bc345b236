/** camel-jbang's entry point, as its JBang script has it: {@code camel <command> ...}. */
public class CamelJBang {
    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
