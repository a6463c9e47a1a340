# rptc_set_warnings(target): our own code is warning-clean; generated code is not ours to lint.
function(rptc_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(RPTC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
