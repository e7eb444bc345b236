package io.twitterhelpdesk.delivery;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A body template checked at start: it must exist, compile and turn each sample envelope into JSON. */
class HelpdeskTemplatesTest {

    private static CamelContext context;
    private static HelpdeskTemplates templates;

    @TempDir
    Path dir;

    @BeforeAll
    static void context() {
        // not started, as during the connector's configuration
        context = new DefaultCamelContext();
        templates = new HelpdeskTemplates(context);
    }

    @AfterAll
    static void close() throws Exception {
        context.close();
    }

    private String file(String name, String text) throws Exception {
        return "file:" + Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theShippedTemplatesPass() {
        for (String t : new String[] {"envelope", "zendesk-create", "zendesk-append", "freshdesk-create",
                "freshdesk-append", "rt-create", "rt-append"}) {
            assertThatCode(() -> templates.check("k", "classpath:helpdesk-templates/" + t + ".jsonata"))
                    .as(t).doesNotThrowAnyException();
        }
    }

    @Test
    void theShippedTemplatesPassInTheAttachmentsModeTheirHelpdeskTakes() {
        for (String t : new String[] {"zendesk-create", "zendesk-append"}) {
            assertThatCode(() -> templates.check("k", "classpath:helpdesk-templates/" + t + ".jsonata",
                    AttachmentOptions.Mode.UPLOAD)).as(t).doesNotThrowAnyException();
        }
        for (String t : new String[] {"freshdesk-create", "freshdesk-append"}) {
            assertThatCode(() -> templates.check("k", "classpath:helpdesk-templates/" + t + ".jsonata",
                    AttachmentOptions.Mode.MULTIPART)).as(t).doesNotThrowAnyException();
        }
        for (String t : new String[] {"rt-create", "rt-append"}) {
            assertThatCode(() -> templates.check("k", "classpath:helpdesk-templates/" + t + ".jsonata",
                    AttachmentOptions.Mode.INLINE)).as(t).doesNotThrowAnyException();
        }
    }

    @Test
    void inMultipartModeATemplateMustProduceAnObject() throws Exception {
        String list = file("list.jsonata", "[text]");
        assertThatCode(() -> templates.check("k", list)).doesNotThrowAnyException();
        assertThatThrownBy(() -> templates.check("helpdesk.http.fd.create.template", list,
                AttachmentOptions.Mode.MULTIPART)).hasMessageStartingWith("helpdesk.http.fd.create.template: template "
                        + list).hasMessageContaining("must produce a JSON object");
    }

    @Test
    void aMissingTemplateNamesTheKeyAndTheUri() {
        assertThatThrownBy(() -> templates.check("helpdesk.http.rt.create.template", "file:" + dir.resolve("nope.jsonata")))
                .hasMessageStartingWith("helpdesk.http.rt.create.template: template file:" + dir.resolve("nope.jsonata")
                        + " does not exist");
        assertThatThrownBy(() -> templates.check("k", "classpath:helpdesk-templates/zendesk-crate.jsonata"))
                .hasMessageContaining("zendesk-crate.jsonata does not exist");
    }

    @Test
    void aTemplateThatDoesNotCompileIsRefused() throws Exception {
        String uri = file("broken.jsonata", "{\"subject\": \"DM from \" & customer.screenName");

        assertThatThrownBy(() -> templates.check("k", uri)).hasMessageStartingWith("k: template " + uri
                + " is not valid JSONata: ");
    }

    @Test
    void aTemplateFailingOnASampleEnvelopeIsRefused() throws Exception {
        String unknownFunction = file("fn.jsonata", "{\"subject\": $capitalise(text)}");
        // fine for the documented examples (Alice has a display name), not for a customer without one
        String nullName = file("name.jsonata", "{\"name\": $uppercase(customer.name)}");

        assertThatThrownBy(() -> templates.check("k", unknownFunction)).hasMessageContaining("fails on the sample direct "
                + "message of docs/envelope.md");
        assertThatThrownBy(() -> templates.check("k", nullName)).hasMessageContaining("fails on a sample direct message "
                + "with only a photo, from a customer without a display name");
    }

    @Test
    void aTemplateProducingNothingIsRefused() throws Exception {
        String misspelt = file("path.jsonata", "envelope.text");

        assertThatThrownBy(() -> templates.check("k", misspelt)).hasMessageContaining("produces nothing for the sample "
                + "direct message of docs/envelope.md");
    }
}
