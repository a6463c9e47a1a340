# rptc_antlr_generate(): runs Debian's `antlr4` wrapper script at build time, output into the build
# tree. Debian's antlr4.jar has no class path in its manifest, so `java -jar` (used by the stock
# antlr_target() and antlr4_generate()) fails; the wrapper script sets the class path.
find_program(ANTLR4_TOOL NAMES antlr4 REQUIRED)
find_package(antlr4-runtime CONFIG REQUIRED)

function(rptc_antlr_generate target lexer_grammar parser_grammar namespace)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated)
  get_filename_component(lexer_name ${lexer_grammar} NAME_WE)
  get_filename_component(parser_name ${parser_grammar} NAME_WE)
  set(srcs ${out}/${lexer_name}.cpp ${out}/${parser_name}.cpp)
  add_custom_command(
    OUTPUT ${srcs} ${out}/${lexer_name}.h ${out}/${parser_name}.h
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -no-visitor
            -package ${namespace} -Xexact-output-dir -o ${out} ${lexer_grammar} ${parser_grammar}
    DEPENDS ${lexer_grammar} ${parser_grammar}
    COMMENT "ANTLR: generating the template parser"
    VERBATIM)
  add_library(${target} STATIC ${srcs})
  target_include_directories(${target} SYSTEM PUBLIC ${out} ${ANTLR4_INCLUDE_DIR})
  target_link_libraries(${target} PUBLIC antlr4_shared)
  # 4.7.2 emits u8"..." literals, which are char8_t (not char) under C++20.
  target_compile_options(${target} PRIVATE -w -fno-char8_t)
endfunction()
